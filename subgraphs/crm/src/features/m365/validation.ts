import { z } from 'zod';
import { email, idOf, optionalText, text } from '../../core/parse.ts';

export const connectMailboxSchema = z.object({ address: email });

export const sendEmailSchema = z
  .object({
    mailboxId: idOf,
    contactId: idOf,
    subject: text(500),
    body: z.string().min(1, 'must not be empty').max(100_000, 'at most 100000 characters'),
    sequence: optionalText(200),
    campaign: optionalText(200),
    idempotencyKey: optionalText(200),
  })
  .refine((e) => e.sequence || e.campaign, { message: 'give the sequence or the campaign the email belongs to', path: ['sequence'] });
