import { z } from 'zod';
import { email, idOf, optionalText, text } from '../../core/parse.ts';

export const requestEsignSchema = z
  .object({
    title: text(200),
    kind: z.enum(['CONTRACT', 'ADDENDUM', 'PROPOSAL', 'POLICY']),
    companyId: idOf.nullish(),
    dealId: idOf.nullish(),
    quoteId: idOf.nullish(),
    signerContactId: idOf.nullish(),
    signerEmail: email.nullish(),
    psaContractRef: optionalText(200),
  })
  .refine((d) => d.companyId || d.dealId || d.quoteId, { message: 'give companyId, dealId or quoteId', path: ['companyId'] });

export const signedName = text(200);
export const esignReason = optionalText(500);
