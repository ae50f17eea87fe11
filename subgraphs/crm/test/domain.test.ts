import { describe, expect, it } from 'vitest';
import { formatDecimal, toMicros } from '../src/core/decimal.ts';
import { billingScore, computeHealth, engagementScore, riskOf } from '../src/features/health/score.ts';
import { dealTotals, quoteTotals, type PricedLine } from '../src/features/deals/line-items.ts';
import { normalizePhone } from '../src/core/phone.ts';

const line = (quantity: string, unit_price: string, billing: PricedLine['billing'] = 'ONE_OFF', taxable = true): PricedLine => ({
  quantity,
  unit_price,
  billing,
  taxable,
});
const now = new Date('2026-11-29T12:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe('money', () => {
  it('adds and multiplies exactly, rounding half away from zero to cents', () => {
    expect(formatDecimal(toMicros('0.1') + toMicros('0.2'))).toBe('0.30');
    expect(formatDecimal(toMicros('1.005'))).toBe('1.01');
    expect(formatDecimal(toMicros('-1.005'))).toBe('-1.01');
    expect(quoteTotals([line('3', '33.33')], '0').subtotal).toBe('99.99');
    expect(quoteTotals([line('1.5', '0.01')], '0').subtotal).toBe('0.02');
  });

  it('gives a deal the one-off lines plus the monthly recurring revenue over its term', () => {
    const lines = [line('40', '100.00', 'MONTHLY'), line('1', '2500.00'), line('1', '1200.00', 'ANNUALLY'), line('1', '300.00', 'QUARTERLY')];
    expect(dealTotals(lines, 24)).toEqual({ mrr: '4200.00', value: '103300.00' });
    // no term: twelve months
    expect(dealTotals(lines, null)).toEqual({ mrr: '4200.00', value: '52900.00' });
  });

  it('taxes only taxable lines, at a percent rate, rounded to cents', () => {
    expect(quoteTotals([line('1', '100.00'), line('1', '50.00', 'MONTHLY', false)], '8.25')).toEqual({
      subtotal: '150.00',
      tax: '8.25',
      total: '158.25',
      monthlyRecurring: '50.00',
    });
    expect(quoteTotals([line('1', '0.10')], '5').tax).toBe('0.01');
  });
});

describe('phones', () => {
  it.each([
    ['+1 (415) 555-0101', undefined, '+14155550101'],
    ['415.555.0101', 'US', '+14155550101'],
    ['020 7183 8750', 'GB', '+442071838750'],
    ['+44 (0)20 7183 8750', undefined, '+442071838750'],
  ])('normalises %s (region %s) to %s', (input, region, e164) => {
    expect(normalizePhone(input, region)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['020 7183 8750', undefined, 'include the country code'],
    ['12', 'US', 'is not a valid phone number'],
    ['hello', 'US', 'cannot be a phone number'],
    ['+1 415 555 010199', undefined, 'is not a valid phone number'],
  ])('refuses %s (region %s): %s', (input, region, message) => {
    const result = normalizePhone(input, region);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });
});

describe('health score', () => {
  it('scores engagement by type and recency, capped at 100', () => {
    expect(engagementScore([], now)).toBe(0);
    expect(engagementScore([{ type: 'MEETING', occurredAt: daysAgo(1) }], now)).toBe(15);
    expect(engagementScore([{ type: 'MEETING', occurredAt: daysAgo(45) }], now)).toBe(8); // 7.5 rounds up
    expect(engagementScore([{ type: 'CALL', occurredAt: daysAgo(80) }], now)).toBe(3); // 2.5
    expect(engagementScore([{ type: 'TICKET', occurredAt: daysAgo(1) }], now)).toBe(0);
    expect(
      engagementScore(
        Array.from({ length: 10 }, () => ({ type: 'MEETING', occurredAt: daysAgo(2) })),
        now,
      ),
    ).toBe(100);
  });

  const paid = { total: '500.00', currency: 'USD', dueAt: daysAgo(20), paidAt: daysAgo(25) };
  const longOverdue = { total: '800.00', currency: 'USD', dueAt: daysAgo(90), paidAt: null };

  it('scores billing from overdue age and amount (nothing invoiced: unknown)', () => {
    expect(billingScore([], now)).toBeNull();
    // paid, or unpaid but not yet due: nothing overdue
    expect(billingScore([paid, { total: '300.00', currency: 'USD', dueAt: daysAgo(-10), paidAt: null }], now)).toBe(100);
    // 300 of 800 invoiced, 10 days overdue: 100 − 10 − round(40 × 0.375)
    expect(billingScore([paid, { total: '300.00', currency: 'USD', dueAt: daysAgo(10), paidAt: null }], now)).toBe(75);
    // the age deduction stops at 60 days, the amount one at all of it: 0
    expect(billingScore([longOverdue], now)).toBe(0);
    // in several currencies, the larger overdue share counts
    expect(billingScore([paid, { total: '100.00', currency: 'EUR', dueAt: daysAgo(1), paidAt: null }], now)).toBe(59);
  });

  it('weighs the components it has, scaling the weights of missing ones away', () => {
    const engaged = Array.from({ length: 4 }, () => ({ type: 'MEETING', occurredAt: daysAgo(3) })); // 60
    expect(computeHealth({ activities: engaged, csatScores: [], tickets: null, invoices: [] }, now)).toMatchObject({
      score: 60,
      engagement: 60,
      csat: null,
      ticketLoad: null,
      billing: null,
      risk: 'MEDIUM',
    });
    // engagement 60 ×40, CSAT 5/5 → 100 ×25, 2 open + 3 recent tickets → 74 ×20, billing current 100 ×15
    const full = computeHealth({ activities: engaged, csatScores: [5, 5], tickets: { open: 2, last30Days: 3 }, invoices: [paid] }, now);
    expect(full).toMatchObject({ engagement: 60, csat: 100, ticketLoad: 74, billing: 100 });
    expect(full.score).toBe(Math.round((60 * 40 + 100 * 25 + 74 * 20 + 100 * 15) / 100));
    expect(computeHealth({ activities: [], csatScores: [1], tickets: { open: 12, last30Days: 0 }, invoices: [longOverdue] }, now)).toMatchObject({
      score: 0,
      risk: 'HIGH',
    });
  });

  it('maps scores to risk levels', () => {
    expect([riskOf(100), riskOf(70), riskOf(69), riskOf(40), riskOf(39), riskOf(0)]).toEqual(['LOW', 'LOW', 'MEDIUM', 'MEDIUM', 'HIGH', 'HIGH']);
  });
});
