import { formatDecimal, percentOf, sum, toMicros, type Micros } from '../../core/decimal.ts';
import { dateOnly } from '../../core/dates.ts';
import type { PipelineSummaryResolvers } from '../../generated/resolvers-types.ts';
import { lastStageChangeOfCompany } from './store.ts';
import type { Loaders } from '../../core/loaders.ts';
import type { DealRow, PipelineSummaryRow, StageRow } from '../../core/rows.ts';

const open = (s: PipelineSummaryRow) => s.deals.filter((d) => d.status === 'OPEN');
const won = (s: PipelineSummaryRow) => s.deals.filter((d) => d.status === 'WON');
const closeKey = (d: DealRow) => (d.expected_close_date === null ? '9999-12-31' : dateOnly(d.expected_close_date));

/** Deals' value (and weighted value) per currency, currencies in alphabetical order. */
function totals(s: PipelineSummaryRow, deals: readonly DealRow[], amountOf: (d: DealRow) => string) {
  const byCurrency = new Map<string, { value: Micros[]; weighted: Micros[] }>();
  for (const d of deals) {
    const t = byCurrency.get(d.currency) ?? { value: [], weighted: [] };
    const value = toMicros(amountOf(d));
    const probability = d.status === 'WON' ? 100 : (d.probability ?? s.stages.get(d.stage_id)?.probability ?? 0);
    t.value.push(value);
    t.weighted.push(percentOf(value, BigInt(probability) * 1_000_000n));
    byCurrency.set(d.currency, t);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, t]) => ({ currency, value: formatDecimal(sum(t.value)), weightedValue: formatDecimal(sum(t.weighted)) }));
}

/** `pipelineSummary(companyId)`: the company's deals with their stages; null for an unknown company. */
export async function pipelineSummary(companyId: string, loaders: Loaders): Promise<PipelineSummaryRow | null> {
  const company = await loaders.company.load(companyId);
  if (!company) return null;
  const deals = await loaders.dealsByCompany.load(companyId);
  const stages = await loaders.stage.loadMany([...new Set(deals.map((d) => d.stage_id))]);
  return { company, deals, stages: new Map(stages.filter((s): s is StageRow => s !== null && !(s instanceof Error)).map((s) => [s.id, s])) };
}

export const PipelineSummary: PipelineSummaryResolvers = {
  company: (s) => s.company,
  openDeals: (s) => open(s).sort((a, b) => closeKey(a).localeCompare(closeKey(b)) || a.id.localeCompare(b.id)),
  openCount: (s) => open(s).length,
  openTotals: (s) => totals(s, open(s), (d) => d.value),
  wonTotals: (s) => totals(s, won(s), (d) => d.value),
  wonMrr: (s) => totals(s, won(s), (d) => d.mrr),
  wonCount: (s) => won(s).length,
  lostCount: (s) => s.deals.filter((d) => d.status === 'LOST').length,
  nextExpectedClose: (s) => {
    const dates = open(s)
      .map(closeKey)
      .filter((d) => d !== '9999-12-31')
      .sort();
    return dates[0] ?? null;
  },
  lastStageChange: (s, _, { db, org }) => lastStageChangeOfCompany(db, org, s.company.id),
};
