import { DAY_MS } from '../../core/dates.ts';

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

/** Billing standing from Books → component score. */
export const billingScores: Record<string, number> = { CURRENT: 100, LATE: 50, OVERDUE: 0 };

export interface HealthInputs {
  /** Timeline entries of the last 90 days; `count` entries alike (default 1), so a store can pass them aggregated. */
  activities: readonly { type: string; occurredAt: Date; count?: number }[];
  /** CSAT scores (1–5) of the last 90 days. */
  csatScores: readonly number[];
  /** PSA ticket figures; null when PSA never reported a ticket for the company. */
  tickets: { open: number; last30Days: number } | null;
  billingStanding: string | null;
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
    billing: inputs.billingStanding ? (billingScores[inputs.billingStanding] ?? null) : null,
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
