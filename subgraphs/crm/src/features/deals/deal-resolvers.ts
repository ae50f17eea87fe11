import { portalScopeOf } from '@onegraph/auth';
import { formatDecimal, money, percentOf, toMicros } from '../../core/decimal.ts';
import { DAY_MS, dateOnly } from '../../core/dates.ts';
import { lineAmount } from './line-items.ts';
import type { BillingFrequency, DealResolvers, DealStageChangeResolvers, LineItemResolvers } from '../../generated/resolvers-types.ts';
import { required, type Loaders } from '../../core/loaders.ts';
import { requireCompany } from '../companies/loaders.ts';
import type { DealRow } from '../../core/rows.ts';
import { toConnection } from '../../core/connection.ts';
import { timelineCursor, timelineShape } from '../timeline/page.ts';

/** The deal's probability: its override, else its stage's. */
export async function probabilityOf(d: DealRow, loaders: Loaders): Promise<number> {
  if (d.probability !== null && d.status === 'OPEN') return d.probability;
  return (await required(loaders.stage, d.stage_id, 'stage')).probability;
}

export const Deal: DealResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.deal.load(id),
  pipelineStage: (d, _, { loaders }) => required(loaders.stage, d.stage_id, 'stage'),
  pipeline: (d, _, { loaders }) => required(loaders.pipeline, d.pipeline_id, 'pipeline'),
  company: (d, _, { loaders }) => requireCompany(loaders, d.company_id),
  primaryContact: (d, _, { loaders }) => (d.contact_id ? loaders.contact.load(d.contact_id) : null),
  ownerId: (d) => d.owner_id,
  owner: (d, _, { hubUsers }) => (d.owner_id ? hubUsers.load(d.owner_id) : null),
  value: (d) => money(d.value),
  probability: (d, _, { loaders }) => probabilityOf(d, loaders),
  weightedValue: async (d, _, { loaders }) => formatDecimal(percentOf(toMicros(d.value), BigInt(await probabilityOf(d, loaders)) * 1_000_000n)),
  mrr: (d) => money(d.mrr),
  termMonths: (d) => d.term_months,
  expectedCloseDate: (d) => (d.expected_close_date === null ? null : dateOnly(d.expected_close_date)),
  status: (d) => d.status,
  closeReason: (d) => d.close_reason,
  closedAt: (d) => d.closed_at,
  createPsaProject: (d) => d.create_psa_project,
  stageEnteredAt: (d) => d.stage_entered_at,
  daysInStage: (d) => Math.floor((Date.now() - new Date(d.stage_entered_at).getTime()) / DAY_MS),
  lineItems: (d, _, { loaders }) => loaders.dealLineItems.load(d.id),
  stageHistory: (d, _, { loaders }) => loaders.stageHistory.load(d.id),
  async quotes(d, _, { loaders, principal }) {
    const quotes = await loaders.quotesByDeal.load(d.id);
    // Portal shows a client the quotes shared with it, never a draft
    return portalScopeOf(principal) ? quotes.filter((q) => q.status !== 'DRAFT') : quotes;
  },
  async activities(d, args, { loaders }) {
    const { size, shape } = timelineShape('deal', args);
    return toConnection(await loaders.timeline.load({ ...shape, ownerId: d.id }), size, timelineCursor);
  },
  version: (d) => d.version,
  createdAt: (d) => d.created_at,
  updatedAt: (d) => d.updated_at,
};

export const LineItem: LineItemResolvers = {
  quantity: (l) => money(l.quantity),
  unitPrice: (l) => money(l.unit_price),
  amount: (l) => formatDecimal(lineAmount(l)),
  billing: (l) => l.billing as BillingFrequency,
  glAccount: (l) => l.gl_account,
};

export const DealStageChange: DealStageChangeResolvers = {
  deal: (c, _, { loaders }) => required(loaders.deal, c.deal_id, 'deal'),
  fromStage: (c, _, { loaders }) => (c.from_stage_id ? loaders.stage.load(c.from_stage_id) : null),
  toStage: (c, _, { loaders }) => required(loaders.stage, c.to_stage_id, 'stage'),
  changedBy: (c) => c.changed_by,
  changedAt: (c) => c.changed_at,
};
