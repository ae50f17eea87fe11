import type { Queryable } from '@onegraph/db';
import { formatDecimal, percentOf, sum, toMicros, type Micros } from '../../core/decimal.ts';

/** One month of the revenue dashboard, shaped as the `RevenuePeriod` GraphQL type (without `company`). */
export interface RevenuePeriodRow {
  id: string;
  month: string;
  currency: string;
  companyId: string | null;
  wonValue: string;
  wonMrr: string;
  wonDeals: number;
  weightedPipeline: string;
  openDeals: number;
}

export interface RevenueQuery {
  /** `YYYY-MM`, first and last month, inclusive. */
  fromMonth: string;
  toMonth: string;
  currency: string;
  companyId: string | null;
}

/** The id integrations reads the scope back from (see its `books/revenue.ts`). */
export const revenuePeriodId = (month: string, currency: string, companyId: string | null) =>
  `revenue:${month}:${currency}:${companyId === null ? 'org' : `company:${companyId}`}`;

export function monthsBetween(fromMonth: string, toMonth: string): string[] {
  const months: string[] = [];
  const d = new Date(`${fromMonth}-01T00:00:00.000Z`);
  for (let m = d.toISOString().slice(0, 7); m <= toMonth; m = d.toISOString().slice(0, 7)) {
    months.push(m);
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return months;
}

const nextMonthStart = (month: string) => {
  const d = new Date(`${month}-01T00:00:00.000Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
};

/**
 * The CRM side of the revenue dashboard, one row per month (zero-filled):
 * deals won in the month (value, MRR) and open deals expected to close in
 * it, each weighted as `Deal.weightedValue` is (value × probability ÷ 100,
 * rounded to cents), then summed.
 */
export async function crmRevenue(db: Queryable, org: string, q: RevenueQuery): Promise<RevenuePeriodRow[]> {
  const start = new Date(`${q.fromMonth}-01T00:00:00.000Z`);
  const end = nextMonthStart(q.toMonth);
  const won = await db.query<{ closed_at: Date; value: string; mrr: string }>(
    `SELECT closed_at, value::text AS value, mrr::text AS mrr FROM deals
      WHERE org_id = $1 AND status = 'WON' AND currency = $2 AND closed_at >= $3 AND closed_at < $4 AND ($5::text IS NULL OR company_id = $5)`,
    [org, q.currency, start, end, q.companyId],
  );
  const open = await db.query<{ month: string; value: string; probability: number }>(
    `SELECT to_char(d.expected_close_date, 'YYYY-MM') AS month, d.value::text AS value, COALESCE(d.probability, s.probability) AS probability
       FROM deals d JOIN pipeline_stages s ON s.org_id = d.org_id AND s.id = d.stage_id
      WHERE d.org_id = $1 AND d.status = 'OPEN' AND d.currency = $2
        AND d.expected_close_date >= $3::date AND d.expected_close_date < $4::date AND ($5::text IS NULL OR d.company_id = $5)`,
    [org, q.currency, start.toISOString().slice(0, 10), end.toISOString().slice(0, 10), q.companyId],
  );
  const acc = new Map<string, { won: Micros[]; mrr: Micros[]; weighted: Micros[] }>();
  const at = (month: string) => {
    const a = acc.get(month) ?? { won: [], mrr: [], weighted: [] };
    acc.set(month, a);
    return a;
  };
  for (const d of won.rows) {
    const a = at(new Date(d.closed_at).toISOString().slice(0, 7));
    a.won.push(toMicros(d.value));
    a.mrr.push(toMicros(d.mrr));
  }
  for (const d of open.rows) {
    at(d.month).weighted.push(toMicros(formatDecimal(percentOf(toMicros(d.value), BigInt(d.probability) * 1_000_000n))));
  }
  return monthsBetween(q.fromMonth, q.toMonth).map((month) => {
    const a = acc.get(month) ?? { won: [], mrr: [], weighted: [] };
    return {
      id: revenuePeriodId(month, q.currency, q.companyId),
      month,
      currency: q.currency,
      companyId: q.companyId,
      wonValue: formatDecimal(sum(a.won)),
      wonMrr: formatDecimal(sum(a.mrr)),
      wonDeals: a.won.length,
      weightedPipeline: formatDecimal(sum(a.weighted)),
      openDeals: a.weighted.length,
    };
  });
}
