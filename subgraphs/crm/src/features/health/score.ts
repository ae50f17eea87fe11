import { DAY_MS } from '../../core/dates.ts';
import { toMicros } from '../../core/decimal.ts';

/**
 * The company health score (docs/health-score.md): pure functions of its
 * inputs and a clock, so the same inputs always give the same score.
 */

/** Component weights, in percent; a component without data drops out and the others are scaled up. */
export const healthWeights = { engagement: 40, csat: 25, ticketLoad: 20, billing: 15 } as const;

/** Engagement points per timeline entry, by type. Tickets are support load, not engagement. */
export const engagementPoints: Record<string, number> = {
  MEETING: 15,
  CALL: 10,
  QUOTE: 8,
  ESIGN: 8,
  EMAIL: 5,
  NOTE: 3,
  STAGE_CHANGE: 3,
  TASK: 2,
  TICKET: 0,
};

/** An invoice Books issued to the company, as its events reported it. */
export interface HealthInvoice {
  /** Decimal string, in `currency`. */
  total: string;
  currency: string;
  dueAt: Date;
  /** null while unpaid. */
  paidAt: Date | null;
}

/** Billing looks at invoices issued in the last year. */
export const BILLING_WINDOW_DAYS = 365;
/** Days overdue (of the oldest unpaid invoice past its due date) cost a point each, up to this many. */
export const BILLING_MAX_AGE_DEDUCTION = 60;
/** The overdue share of what was invoiced costs up to this many points (all of it overdue: all of them). */
export const BILLING_MAX_AMOUNT_DEDUCTION = 40;

export interface HealthInputs {
  /** Timeline entries of the last 90 days; `count` entries alike (default 1), so a store can pass them aggregated. */
  activities: readonly { type: string; occurredAt: Date; count?: number }[];
  /** CSAT scores (1–5) of the last 90 days. */
  csatScores: readonly number[];
  /** PSA ticket figures; null when PSA never reported a ticket for the company. */
  tickets: { open: number; last30Days: number } | null;
  /** Books invoices issued in the last `BILLING_WINDOW_DAYS`; none: billing unknown. */
  invoices: readonly HealthInvoice[];
}

export interface HealthComponents {
  engagement: number;
  csat: number | null;
  ticketLoad: number | null;
  billing: number | null;
}

export type HealthRisk = 'LOW' | 'MEDIUM' | 'HIGH';

export interface Health extends HealthComponents {
  score: number;
  risk: HealthRisk;
}

/** Recency factor in quarters: last 30 days count fully, 31–60 half, 61–90 a quarter. */
function recencyQuarters(ageDays: number): number {
  if (ageDays <= 30) return 4;
  if (ageDays <= 60) return 2;
  if (ageDays <= 90) return 1;
  return 0;
}

export function engagementScore(activities: HealthInputs['activities'], now: Date): number {
  let quarters = 0;
  for (const a of activities) {
    const ageDays = Math.max(0, (now.getTime() - a.occurredAt.getTime()) / DAY_MS);
    quarters += (engagementPoints[a.type] ?? 0) * recencyQuarters(ageDays) * (a.count ?? 1);
  }
  return Math.min(100, Math.round(quarters / 4));
}

export function csatScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const avg = scores.reduce((a, b) => a + b, 0) / scores.length;
  return Math.round(((avg - 1) / 4) * 100);
}

export function ticketLoadScore(tickets: HealthInputs['tickets']): number | null {
  if (!tickets) return null;
  return Math.max(0, 100 - 10 * tickets.open - 2 * tickets.last30Days);
}

/**
 * 100 with nothing overdue; less the age of the oldest overdue invoice (a
 * point a day, at most 60) and the overdue share of the amount invoiced (at
 * most 40: the larger share when invoices are in several currencies). Null
 * when Books has invoiced nothing in the window.
 */
export function billingScore(invoices: HealthInputs['invoices'], now: Date): number | null {
  if (invoices.length === 0) return null;
  const overdue = invoices.filter((i) => i.paidAt === null && i.dueAt.getTime() < now.getTime());
  if (overdue.length === 0) return 100;
  const oldestDue = Math.min(...overdue.map((i) => i.dueAt.getTime()));
  const ageDays = Math.floor((now.getTime() - oldestDue) / DAY_MS);
  let share = 0;
  for (const currency of new Set(overdue.map((i) => i.currency))) {
    const total = (list: readonly HealthInvoice[]) => list.filter((i) => i.currency === currency).reduce((a, i) => a + toMicros(i.total), 0n);
    const invoiced = total(invoices);
    if (invoiced > 0n) share = Math.max(share, Number((total(overdue) * 1_000_000n) / invoiced) / 1_000_000);
  }
  const deduction = Math.min(BILLING_MAX_AGE_DEDUCTION, ageDays) + Math.round(BILLING_MAX_AMOUNT_DEDUCTION * share);
  return Math.max(0, 100 - deduction);
}

export function riskOf(score: number): HealthRisk {
  if (score >= 70) return 'LOW';
  if (score >= 40) return 'MEDIUM';
  return 'HIGH';
}

export function computeHealth(inputs: HealthInputs, now: Date): Health {
  const components: HealthComponents = {
    engagement: engagementScore(inputs.activities, now),
    csat: csatScore(inputs.csatScores),
    ticketLoad: ticketLoadScore(inputs.tickets),
    billing: billingScore(inputs.invoices, now),
  };
  let weighted = 0;
  let weights = 0;
  for (const key of Object.keys(healthWeights) as (keyof HealthComponents)[]) {
    const value = components[key];
    if (value === null) continue;
    weighted += value * healthWeights[key];
    weights += healthWeights[key];
  }
  const score = Math.round(weighted / weights);
  return { ...components, score, risk: riskOf(score) };
}
