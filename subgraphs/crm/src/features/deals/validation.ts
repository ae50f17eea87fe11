import { z } from 'zod';
import { amount, calendarDate, currency, idOf, optionalText, parseInput, percent, text } from '../../core/parse.ts';
import type { DealFilter } from '../../generated/resolvers-types.ts';

export const billingFrequencies = ['ONE_OFF', 'MONTHLY', 'QUARTERLY', 'ANNUALLY'] as const;

export const lineItem = z.object({
  service: text(200),
  description: optionalText(2000),
  quantity: amount.refine((v) => Number(v) > 0, 'must be more than 0').nullish(),
  unitPrice: amount,
  billing: z.enum(billingFrequencies).nullish(),
  glAccount: z
    .string()
    .regex(/^\d{3,10}$/, 'a Books GL account code such as 4000')
    .nullish(),
  taxable: z.boolean().nullish(),
});
export const lineItems = z.array(lineItem).max(100, 'at most 100 line items');
export type LineItemInput = z.infer<typeof lineItem>;

const termMonths = z.number().int('a whole number').min(1, 'at least 1').max(120, 'at most 120');

export const createDealSchema = z.object({
  title: text(200),
  companyId: idOf,
  pipelineId: idOf,
  stageId: idOf.nullish(),
  primaryContactId: idOf.nullish(),
  ownerId: idOf.nullish(),
  value: amount.nullish(),
  currency: currency.nullish(),
  probability: percent.nullish(),
  mrr: amount.nullish(),
  termMonths: termMonths.nullish(),
  expectedCloseDate: calendarDate.nullish(),
  lineItems: lineItems.nullish(),
});

export const updateDealSchema = z.object({
  title: text(200).optional(),
  primaryContactId: idOf.nullish(),
  ownerId: idOf.nullish(),
  value: amount.optional(),
  currency: currency.optional(),
  probability: percent.nullish(),
  mrr: amount.optional(),
  termMonths: termMonths.nullish(),
  expectedCloseDate: calendarDate.nullish(),
});

export const moveReason = optionalText(500);

const dealFilterSchema = z.object({ expectedCloseFrom: calendarDate.nullish(), expectedCloseTo: calendarDate.nullish() }).passthrough();

/** A deal filter whose dates are real calendar days. */
export function checkDealFilter<F extends DealFilter>(filter: F | null | undefined): F | null | undefined {
  if (filter) parseInput(dealFilterSchema, filter, 'filter');
  return filter;
}
