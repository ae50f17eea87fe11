import { z } from 'zod';
import { amount, calendarDate, currency, idOf, optionalText, text } from '../../core/parse.ts';
import { lineItems } from '../deals/validation.ts';

const taxRate = amount.refine((v) => Number(v) <= 100, 'at most 100 (percent)');

export const createQuoteSchema = z
  .object({
    dealId: idOf.nullish(),
    companyId: idOf.nullish(),
    contactId: idOf.nullish(),
    title: text(200).nullish(),
    currency: currency.nullish(),
    lines: lineItems.nullish(),
    taxRate: taxRate.nullish(),
    validUntil: calendarDate.nullish(),
    source: z.enum(['CRM', 'PSA', 'BOOKS', 'VOICE', 'PORTAL', 'M365']).nullish(),
  })
  .refine((q) => q.dealId || q.companyId, { message: 'give dealId, or companyId with lines', path: ['companyId'] })
  .refine((q) => q.dealId || (q.lines && q.lines.length > 0), { message: 'a quote without a deal needs lines', path: ['lines'] });

export const updateQuoteSchema = z.object({
  title: text(200).optional(),
  contactId: idOf.nullish(),
  lines: lineItems.optional(),
  taxRate: taxRate.optional(),
  validUntil: calendarDate.nullish(),
});

export const quoteReason = optionalText(500);
