import type { Queryable } from '@onegraph/db';
import { BILLING_WINDOW_DAYS, computeHealth, engagementPoints, type Health } from './score.ts';
import { DAY_MS } from '../../core/dates.ts';
import type { Unit } from '../../core/unit-of-work.ts';
import type { HealthRow } from '../../core/rows.ts';

/** The newest health row of each company. */
export async function latestHealthOfCompanies(db: Queryable, org: string, companyIds: readonly string[]): Promise<HealthRow[]> {
  const { rows } = await db.query<HealthRow>(
    `SELECT DISTINCT ON (company_id) * FROM company_health_history WHERE org_id = $1 AND company_id = ANY($2) ORDER BY company_id, seq DESC`,
    [org, companyIds],
  );
  return rows;
}

export async function healthHistoryPage(db: Queryable, org: string, companyId: string, limit: number, afterSeq: string | null): Promise<HealthRow[]> {
  const { rows } = await db.query<HealthRow>(
    `SELECT * FROM company_health_history WHERE org_id = $1 AND company_id = $2 ${afterSeq ? 'AND seq < $4::bigint' : ''} ORDER BY seq DESC LIMIT $3`,
    afterSeq ? [org, companyId, limit, afterSeq] : [org, companyId, limit],
  );
  return rows;
}

const sameHealth = (a: HealthRow | undefined, b: Health) =>
  a !== undefined && a.score === b.score && a.engagement === b.engagement && a.csat === b.csat && a.ticket_load === b.ticketLoad && a.billing === b.billing;

/**
 * Asks for the company's health to be recomputed at the end of the unit
 * (`recomputeHealth`, before the commit): a unit that changes several of its
 * inputs (a batch of events, a change logging two entries) computes it once,
 * from all of them, with the reason of the last.
 */
export function recomputeHealthBeforeCommit(unit: Unit, companyId: string, reason: string): void {
  unit.beforeCommit(`health:${companyId}`, () => recomputeHealth(unit, companyId, reason));
}

/**
 * Recomputes a company's health from its inputs, in the transaction that
 * changed one of them. When the score or a component changed, it keeps the
 * new value in the history, on the company, and emits `crm.health.changed`.
 */
export async function recomputeHealth(unit: Unit, companyId: string, reason: string): Promise<void> {
  const { tx, org, now } = unit;
  const since90 = new Date(now.getTime() - 90 * DAY_MS);
  const since30 = new Date(now.getTime() - 30 * DAY_MS);
  // counted per type and recency band in SQL: a busy company's 90 days can hold thousands of entries,
  // and this runs in the transaction of every change to its timeline. Types worth no points are left out.
  const scored = Object.keys(engagementPoints).filter((type) => (engagementPoints[type] ?? 0) > 0);
  const since60 = new Date(now.getTime() - 60 * DAY_MS);
  const bands = await tx.query<{ type: string; d30: number; d60: number; d90: number }>(
    `SELECT type,
            count(*) FILTER (WHERE occurred_at >= $4)::int AS d30,
            count(*) FILTER (WHERE occurred_at < $4 AND occurred_at >= $5)::int AS d60,
            count(*) FILTER (WHERE occurred_at < $5)::int AS d90
     FROM activities WHERE org_id = $1 AND company_id = $2 AND occurred_at >= $3 AND type = ANY($6) GROUP BY type`,
    [org, companyId, since90, since30, since60, scored],
  );
  // one representative instant per band (the middle of its 30 days), weighted by the band's count
  const activities = bands.rows.flatMap((b) => [
    { type: b.type, occurredAt: now, count: b.d30 },
    { type: b.type, occurredAt: new Date(now.getTime() - 45 * DAY_MS), count: b.d60 },
    { type: b.type, occurredAt: new Date(now.getTime() - 75 * DAY_MS), count: b.d90 },
  ]);
  const csat = await tx.query<{ score: number }>(`SELECT score FROM company_csat WHERE org_id = $1 AND company_id = $2 AND recorded_at >= $3`, [
    org,
    companyId,
    since90,
  ]);
  const tickets = await tx.query<{ total: number; open: number; recent: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status NOT IN ('resolved', 'closed'))::int AS open,
            count(*) FILTER (WHERE updated_at >= $3)::int AS recent
     FROM company_tickets WHERE org_id = $1 AND company_id = $2`,
    [org, companyId, since30],
  );
  const invoices = await tx.query<{ total: string; currency: string; due_at: Date; paid_at: Date | null }>(
    `SELECT total::text AS total, currency, due_at, paid_at FROM company_invoices WHERE org_id = $1 AND company_id = $2 AND issued_at >= $3`,
    [org, companyId, new Date(now.getTime() - BILLING_WINDOW_DAYS * DAY_MS)],
  );
  const t = tickets.rows[0]!;
  const health = computeHealth(
    {
      activities,
      csatScores: csat.rows.map((r) => r.score),
      tickets: t.total > 0 ? { open: t.open, last30Days: t.recent } : null,
      invoices: invoices.rows.map((i) => ({
        total: i.total,
        currency: i.currency,
        dueAt: new Date(i.due_at),
        paidAt: i.paid_at === null ? null : new Date(i.paid_at),
      })),
    },
    now,
  );
  const [previous] = await latestHealthOfCompanies(tx, org, [companyId]);
  if (sameHealth(previous, health)) return;
  await tx.query(
    `INSERT INTO company_health_history (org_id, company_id, score, engagement, csat, ticket_load, billing, reason, computed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [org, companyId, health.score, health.engagement, health.csat, health.ticketLoad, health.billing, reason, now],
  );
  await tx.query(`UPDATE companies SET health_score = $3 WHERE org_id = $1 AND id = $2`, [org, companyId, health.score]);
  unit.emit('crm.health.changed', `company/${companyId}`, {
    companyId,
    score: health.score,
    previousScore: previous?.score ?? null,
    risk: health.risk,
    components: { engagement: health.engagement, csat: health.csat, ticketLoad: health.ticketLoad, billing: health.billing },
    reason,
  });
}
