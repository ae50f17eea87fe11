import { divideBy, formatDecimal, fromInt, mul, percentOf, sum, toMicros, type Micros } from '../../core/decimal.ts';

export type Billing = 'ONE_OFF' | 'MONTHLY' | 'QUARTERLY' | 'ANNUALLY';

/** Books' default chart of accounts: 4000 Service Revenue (recurring), 4100 Project Revenue (one-off). */
export const defaultGlAccount = (billing: Billing) => (billing === 'ONE_OFF' ? '4100' : '4000');

/** Months a billing period covers: the monthly equivalent of an amount is amount ÷ months. */
const periodMonths: Record<Billing, bigint> = { ONE_OFF: 0n, MONTHLY: 1n, QUARTERLY: 3n, ANNUALLY: 12n };

/** Months of recurring revenue a deal's value counts when it has no term. */
export const DEFAULT_TERM_MONTHS = 12;

export interface PricedLine {
  quantity: string;
  unit_price: string;
  billing: Billing;
  taxable: boolean;
}

/** quantity × unit price, rounded to cents. */
export const lineAmount = (line: Pick<PricedLine, 'quantity' | 'unit_price'>): Micros =>
  toMicros(formatDecimal(mul(toMicros(line.quantity), toMicros(line.unit_price))));

/** The monthly recurring revenue of the lines. */
export function monthlyRecurring(lines: readonly PricedLine[]): Micros {
  return toMicros(formatDecimal(sum(lines.filter((l) => l.billing !== 'ONE_OFF').map((l) => divideBy(lineAmount(l), periodMonths[l.billing])))));
}

/**
 * A deal's value from its line items: one-off lines plus the monthly
 * recurring revenue over the term (12 months when the deal has none).
 */
export function dealTotals(lines: readonly PricedLine[], termMonths: number | null): { value: string; mrr: string } {
  const oneOff = sum(lines.filter((l) => l.billing === 'ONE_OFF').map(lineAmount));
  const mrr = monthlyRecurring(lines);
  return { value: formatDecimal(oneOff + mrr * BigInt(termMonths ?? DEFAULT_TERM_MONTHS)), mrr: formatDecimal(mrr) };
}

/** A quote's totals: tax at `taxRate` percent on taxable lines, rounded half-up to cents. */
export function quoteTotals(lines: readonly PricedLine[], taxRate: string) {
  const subtotal = sum(lines.map(lineAmount));
  const taxable = sum(lines.filter((l) => l.taxable).map(lineAmount));
  const tax = toMicros(formatDecimal(percentOf(taxable, toMicros(taxRate))));
  return {
    subtotal: formatDecimal(subtotal),
    tax: formatDecimal(tax),
    total: formatDecimal(subtotal + tax),
    monthlyRecurring: formatDecimal(monthlyRecurring(lines)),
  };
}

export const zero = fromInt(0);
