import { badInput } from '@onegraph/errors';
import { formatDecimal, money } from '../../core/decimal.ts';
import { dealTotals, defaultGlAccount, lineAmount } from './line-items.ts';
import type { CreateDealInput, LineItemInput as LineItemArg, UpdateDealInput } from '../../generated/resolvers-types.ts';
import { insertDeal, insertStageChange, lineItemsOf, replaceLineItems, type NewLineItem } from './store.ts';
import { stagesOfPipelines } from './pipeline-store.ts';
import type { ContactRow, DealRow, LineItemRow, PipelineRow, StageRow } from '../../core/rows.ts';
import { updateRow } from '../../core/update.ts';
import { createDealSchema, lineItems as lineItemsSchema, moveReason, updateDealSchema, type LineItemInput } from './validation.ts';
import { invalidInput, parseInput } from '../../core/parse.ts';
import { newId } from '../../core/ids.ts';
import { logToTimeline } from '../timeline/log.ts';
import { invalidTransition, lockRow, requireRow, type Unit } from '../../core/unit-of-work.ts';

export function lineItemValues(items: readonly LineItemInput[]): NewLineItem[] {
  return items.map((it) => {
    const billing = it.billing ?? 'ONE_OFF';
    return {
      service: it.service,
      description: it.description ?? null,
      quantity: money(it.quantity ?? '1'),
      unit_price: money(it.unitPrice),
      billing,
      gl_account: it.glAccount ?? defaultGlAccount(billing),
      taxable: it.taxable ?? true,
    };
  });
}

export const dealEvent = (d: DealRow) => ({
  dealId: d.id,
  companyId: d.company_id,
  pipelineId: d.pipeline_id,
  stageId: d.stage_id,
  status: d.status,
  value: money(d.value),
  mrr: money(d.mrr),
  currency: d.currency,
  version: d.version,
});

async function contactOfCompany(unit: Unit, contactId: string, companyId: string, path: string): Promise<ContactRow> {
  const contact = await requireRow<ContactRow>(unit, 'contacts', 'Contact', contactId, path);
  if (contact.company_id !== companyId) invalidInput([{ path, message: `contact ${contactId} does not work at company ${companyId}` }]);
  return contact;
}

export async function createDeal(unit: Unit, raw: CreateDealInput): Promise<DealRow> {
  const input = parseInput(createDealSchema, raw);
  await requireRow(unit, 'companies', 'Company', input.companyId, 'input.companyId');
  const pipeline = await requireRow<PipelineRow>(unit, 'pipelines', 'Pipeline', input.pipelineId, 'input.pipelineId');
  const stages = await stagesOfPipelines(unit.tx, unit.org, [pipeline.id]);
  const stage = input.stageId ? stages.find((s) => s.id === input.stageId) : stages.find((s) => s.kind === 'OPEN');
  if (!stage) invalidInput([{ path: 'input.stageId', message: `stage ${input.stageId} is not a stage of pipeline ${pipeline.id}` }]);
  if (stage.kind !== 'OPEN') invalidInput([{ path: 'input.stageId', message: 'a new deal starts in an open stage' }]);
  if (input.primaryContactId) await contactOfCompany(unit, input.primaryContactId, input.companyId, 'input.primaryContactId');
  const items = input.lineItems ? lineItemValues(input.lineItems) : [];
  const totals = items.length ? dealTotals(items, input.termMonths ?? null) : null;
  const deal = await insertDeal(unit.tx, unit.org, {
    id: newId('deal'),
    company_id: input.companyId,
    pipeline_id: pipeline.id,
    stage_id: stage.id,
    stage: stage.name,
    title: input.title,
    contact_id: input.primaryContactId ?? null,
    owner_id: input.ownerId ?? unit.actor,
    value: input.value ?? totals?.value ?? '0',
    mrr: input.mrr ?? totals?.mrr ?? '0',
    currency: input.currency ?? pipeline.currency,
    probability: input.probability ?? null,
    term_months: input.termMonths ?? null,
    expected_close_date: input.expectedCloseDate ?? null,
    status: 'OPEN',
    stage_entered_at: unit.now,
    created_at: unit.now,
    updated_at: unit.now,
  });
  if (items.length) await replaceLineItems(unit.tx, unit.org, 'deal', deal.id, items);
  await insertStageChange(unit.tx, unit.org, { dealId: deal.id, from: null, to: stage.id, reason: null, by: unit.actor, at: unit.now });
  unit.emit('crm.deal.created', `deal/${deal.id}`, dealEvent(deal));
  return deal;
}

export async function updateDeal(unit: Unit, id: string, expectedVersion: number, raw: UpdateDealInput): Promise<DealRow> {
  const input = parseInput(updateDealSchema, raw);
  const before = await lockRow<DealRow>(unit, 'deals', 'Deal', id, expectedVersion);
  if (input.primaryContactId) await contactOfCompany(unit, input.primaryContactId, before.company_id, 'input.primaryContactId');
  const deal = await updateRow<DealRow>(
    unit.tx,
    'deals',
    unit.org,
    id,
    {
      title: input.title,
      contact_id: input.primaryContactId,
      owner_id: input.ownerId,
      value: input.value,
      currency: input.currency,
      probability: input.probability,
      mrr: input.mrr,
      term_months: input.termMonths,
      expected_close_date: input.expectedCloseDate,
    },
    unit.now,
  );
  unit.emit('crm.deal.updated', `deal/${id}`, { ...dealEvent(deal), changed: Object.keys(raw) });
  return deal;
}

export async function setDealLineItems(unit: Unit, id: string, expectedVersion: number, raw: readonly LineItemArg[]): Promise<DealRow> {
  const items = lineItemValues(parseInput(lineItemsSchema, raw, 'items'));
  const before = await lockRow<DealRow>(unit, 'deals', 'Deal', id, expectedVersion);
  // a won deal's items may still change (Books amends its billing setup); a lost one's may not
  if (before.status === 'LOST') throw invalidTransition(`Deal ${id} is LOST: reopen it to change its line items`, { id, status: before.status });
  await replaceLineItems(unit.tx, unit.org, 'deal', id, items);
  const totals = dealTotals(items, before.term_months);
  const deal = await updateRow<DealRow>(unit.tx, 'deals', unit.org, id, { value: totals.value, mrr: totals.mrr }, unit.now);
  unit.emit('crm.deal.updated', `deal/${id}`, { ...dealEvent(deal), changed: ['lineItems', 'value', 'mrr'] });
  return deal;
}

/**
 * Moves a deal into `to` and records it everywhere a stage change shows: the
 * deal (status, close time), its stage history, the timeline, and the Bus
 * (`crm.deal.stage_changed`, then `crm.deal.won` or `crm.deal.lost`).
 */
export async function changeStage(unit: Unit, before: DealRow, from: StageRow, to: StageRow, reason: string | null): Promise<DealRow> {
  const closing = to.kind !== 'OPEN';
  const deal = await updateRow<DealRow>(
    unit.tx,
    'deals',
    unit.org,
    before.id,
    {
      stage_id: to.id,
      stage: to.name,
      stage_entered_at: unit.now,
      status: to.kind,
      closed_at: closing ? unit.now : null,
      close_reason: closing ? reason : null,
      // a closed deal's probability is its stage's (100 or 0)
      probability: closing ? null : undefined,
    },
    unit.now,
  );
  await insertStageChange(unit.tx, unit.org, { dealId: deal.id, from: from.id, to: to.id, reason, by: unit.actor, at: unit.now });
  await logToTimeline(unit, {
    companyId: deal.company_id,
    dealId: deal.id,
    contactId: deal.contact_id,
    type: 'STAGE_CHANGE',
    summary: `${deal.title}: ${from.name} → ${to.name}${reason ? ` (${reason})` : ''}`,
    source: 'CRM',
    createdBy: unit.actor,
    occurredAt: unit.now,
  });
  unit.emit('crm.deal.stage_changed', `deal/${deal.id}`, { ...dealEvent(deal), fromStageId: from.id, reason });
  if (to.kind === 'WON') {
    const lines = await lineItemsOf(unit.tx, unit.org, 'deal', [deal.id]);
    unit.emit('crm.deal.won', `deal/${deal.id}`, {
      ...dealEvent(deal),
      title: deal.title,
      createPsaProject: deal.create_psa_project,
      termMonths: deal.term_months,
      closedAt: unit.now.toISOString(),
      reason,
      lineItems: lines.map(wonLine),
    });
  } else if (to.kind === 'LOST') {
    unit.emit('crm.deal.lost', `deal/${deal.id}`, { ...dealEvent(deal), closedAt: unit.now.toISOString(), reason: reason ?? '' });
  }
  return deal;
}

/**
 * Closes an open deal as won, into its pipeline's WON stage: what a signed
 * contract does, whether CRM's e-sign or PSA signed it. A deal already
 * closed is left as it is (a repeated signature changes nothing).
 */
export async function closeDealWon(unit: Unit, dealId: string, reason: string): Promise<DealRow> {
  const deal = await lockRow<DealRow>(unit, 'deals', 'Deal', dealId);
  if (deal.status !== 'OPEN') return deal;
  const stages = await stagesOfPipelines(unit.tx, unit.org, [deal.pipeline_id]);
  const won = stages.find((s) => s.kind === 'WON')!;
  const from = stages.find((s) => s.id === deal.stage_id)!;
  return changeStage(unit, deal, from, won, reason);
}

const wonLine = (l: LineItemRow) => ({
  service: l.service,
  quantity: money(l.quantity),
  unitPrice: money(l.unit_price),
  amount: formatDecimal(lineAmount(l)),
  billing: l.billing,
  glAccount: l.gl_account,
});

async function stagesFor(unit: Unit, deal: DealRow, stageId: string): Promise<{ from: StageRow; to: StageRow }> {
  const stages = await stagesOfPipelines(unit.tx, unit.org, [deal.pipeline_id]);
  const from = stages.find((s) => s.id === deal.stage_id)!;
  const to = stages.find((s) => s.id === stageId);
  if (!to) {
    await requireRow(unit, 'pipeline_stages', 'Stage', stageId, 'stageId');
    throw invalidTransition(`Stage ${stageId} is not in deal ${deal.id}'s pipeline`, { id: deal.id, stageId, pipelineId: deal.pipeline_id });
  }
  return { from, to };
}

export async function moveDeal(unit: Unit, id: string, expectedVersion: number, stageId: string, rawReason: string | null | undefined): Promise<DealRow> {
  const reason = parseInput(moveReason, rawReason, 'reason') ?? null;
  const deal = await lockRow<DealRow>(unit, 'deals', 'Deal', id, expectedVersion);
  if (deal.status !== 'OPEN') throw invalidTransition(`Deal ${id} is ${deal.status}: reopen it before moving it`, { id, status: deal.status });
  const { from, to } = await stagesFor(unit, deal, stageId);
  if (to.id === from.id) throw invalidTransition(`Deal ${id} is already in stage ${to.name}`, { id, stageId });
  if (to.kind === 'LOST' && !reason)
    throw badInput('A lost deal needs a reason', { issues: [{ path: 'reason', message: 'required when moving to a LOST stage' }] });
  return changeStage(unit, deal, from, to, reason);
}

export async function reopenDeal(unit: Unit, id: string, expectedVersion: number, stageId: string): Promise<DealRow> {
  const deal = await lockRow<DealRow>(unit, 'deals', 'Deal', id, expectedVersion);
  if (deal.status === 'OPEN') throw invalidTransition(`Deal ${id} is open already`, { id, status: deal.status });
  const { from, to } = await stagesFor(unit, deal, stageId);
  if (to.kind !== 'OPEN') throw invalidTransition(`A deal reopens into an open stage, not ${to.name}`, { id, stageId });
  return changeStage(unit, deal, from, to, 'reopened');
}
