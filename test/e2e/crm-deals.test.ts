import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus, topicOf, type Envelope } from '@onegraph/bus';
import { crmClient, type CrmClient } from './crm-client.ts';
import {
  CreateDealDocument as CREATE_DEAL,
  CreatePipelineDocument as CREATE_PIPELINE,
  DealsPageDocument,
  MoveDealDocument as MOVE,
  PipelineBoardDocument,
  PipelineNamesDocument,
  PipelineSummaryDocument,
  ReopenDealDocument as REOPEN,
  SetDealLineItemsDocument as LINES,
  UpdateDealDocument as UPDATE_DEAL,
  UpdatePipelineDocument as UPDATE_PIPELINE,
  type CreateDealMutation,
  type CreatePipelineMutation,
} from './generated/operations.ts';
import { useStack } from './fixture.ts';

type Pipeline = CreatePipelineMutation['createPipeline'];
type Deal = CreateDealMutation['createDeal'];

describe('pipelines and deals through the gateway', () => {
  const stack = useStack({ bus: createMemoryBus() });
  let demo: CrmClient;
  let other: CrmClient;
  let pipeline: Pipeline;
  const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;
  const crmEvents = () =>
    (stack.bus as ReturnType<typeof createMemoryBus>).messages(topicOf('crm')).map((m) => JSON.parse(m.value!) as Envelope<Record<string, unknown>>);

  beforeAll(async () => {
    // Admins: managing pipelines, promoting and deleting need more than a Member's crm.*.write
    demo = crmClient(stack, 'demo', 'Admin');
    other = crmClient(stack, 'demo-2', 'Admin');
    pipeline = (
      await demo.ok(CREATE_PIPELINE, {
        input: {
          name: 'Upsells',
          currency: 'usd',
          stages: [
            { name: 'Won', probability: 5, kind: 'WON' },
            { name: 'Opportunity', probability: 10 },
            { name: 'Scoping', probability: 30 },
            { name: 'Proposal', probability: 60, color: '#4f46e5' },
            { name: 'Lost', probability: 50, kind: 'LOST' },
          ],
        },
      })
    ).createPipeline;
  });

  it('creates a pipeline with ordered stages, WON and LOST last at 100 % and 0 %', () => {
    expect(pipeline).toMatchObject({ name: 'Upsells', currency: 'USD', version: 1 });
    expect(pipeline.stages.map((s) => [s.name, s.kind, s.probability])).toEqual([
      ['Opportunity', 'OPEN', 10],
      ['Scoping', 'OPEN', 30],
      ['Proposal', 'OPEN', 60],
      ['Won', 'WON', 100],
      ['Lost', 'LOST', 0],
    ]);
  });

  it('refuses a stage list without exactly one WON and one LOST stage', async () => {
    const error = await demo.fails('BAD_USER_INPUT', CREATE_PIPELINE, {
      input: {
        name: 'Bad',
        stages: [
          { name: 'A', probability: 10 },
          { name: 'B', probability: 20 },
          { name: 'C', probability: 100, kind: 'WON' },
        ],
      },
    });
    expect(error.message).toContain('exactly one stage must be LOST');
  });

  it('lists the organisation’s pipelines only', async () => {
    const mine = await demo.ok(PipelineNamesDocument);
    expect(mine.pipelines.edges.map((e) => e.node.name)).toEqual(['New Business', 'Renewals', 'Upsells']);
    const theirs = await other.ok(PipelineNamesDocument);
    expect(theirs.pipelines.edges.map((e) => e.node.id)).toEqual(['pl_demo2_new_business', 'pl_demo2_renewals']);
  });

  it('creates a deal from line items: value is one-off plus MRR over the term, GL accounts mapped', async () => {
    const { createDeal: d } = await demo.ok(CREATE_DEAL, {
      input: {
        title: 'Backup add-on',
        companyId: 'cmp_acme',
        pipelineId: pipeline.id,
        primaryContactId: 'con_acme_jane',
        termMonths: 24,
        lineItems: [
          { service: 'Backup, per server', quantity: 4, unitPrice: '45.50', billing: 'MONTHLY' },
          { service: 'Setup', unitPrice: '750', glAccount: '4150' },
        ],
      },
    });
    expect(d).toMatchObject({ stage: 'Opportunity', status: 'OPEN', mrr: '182.00', value: '5118.00', probability: 10, weightedValue: '511.80', version: 1 });
    expect(d.lineItems).toEqual([
      { service: 'Backup, per server', quantity: '4.00', unitPrice: '45.50', amount: '182.00', billing: 'MONTHLY', glAccount: '4000' },
      { service: 'Setup', quantity: '1.00', unitPrice: '750.00', amount: '750.00', billing: 'ONE_OFF', glAccount: '4150' },
    ]);
    expect(d.stageHistory).toEqual([{ fromStage: null, toStage: { name: 'Opportunity' }, reason: null }]);
    // the outbox relay publishes after the commit: on PostgreSQL the answer can come first
    await expect
      .poll(crmEvents)
      .toContainEqual(expect.objectContaining({ type: 'crm.deal.created', data: expect.objectContaining({ dealId: d.id, value: '5118.00', mrr: '182.00' }) }));
  });

  it('refuses a contact of another company, a stage of another pipeline, and unknown ids', async () => {
    const base = { title: 'X', companyId: 'cmp_acme', pipelineId: pipeline.id };
    const contact = await demo.fails('BAD_USER_INPUT', CREATE_DEAL, { input: { ...base, primaryContactId: 'con_bright_lee' } });
    expect(contact.message).toContain('does not work at company cmp_acme');
    await demo.fails('BAD_USER_INPUT', CREATE_DEAL, { input: { ...base, stageId: 'stg_demo_nb_lead' } });
    const unknown = await demo.fails('NOT_FOUND', CREATE_DEAL, { input: { ...base, companyId: 'cmp_northwind' } });
    expect(unknown.extensions).toMatchObject({ argument: 'input.companyId' });
    await other.fails('NOT_FOUND', CREATE_DEAL, { input: { ...base, companyId: 'cmp_northwind' } });
  });

  it('moves a deal through its stages, records each move, wins it, and refuses forbidden transitions', async () => {
    let { createDeal: d } = await demo.ok(CREATE_DEAL, {
      input: { title: 'Firewall refresh', companyId: 'cmp_brightline', pipelineId: pipeline.id, value: '9999.99', probability: 45 },
    });
    expect(d).toMatchObject({ probability: 45, weightedValue: '4500.00' });
    d = (await demo.ok(MOVE, { id: d.id, v: 1, stageId: stage('Proposal') })).moveDeal;
    expect(d).toMatchObject({ stage: 'Proposal', status: 'OPEN', version: 2 });

    await demo.fails('INVALID_TRANSITION', MOVE, { id: d.id, v: 2, stageId: stage('Proposal') });
    const foreign = await demo.fails('INVALID_TRANSITION', MOVE, { id: d.id, v: 2, stageId: 'stg_demo_nb_lead' });
    expect(foreign.message).toContain('is not in deal');
    await demo.fails('NOT_FOUND', MOVE, { id: d.id, v: 2, stageId: 'stg_nope' });
    await demo.fails('STALE_VERSION', MOVE, { id: d.id, v: 1, stageId: stage('Scoping') });
    await other.fails('NOT_FOUND', MOVE, { id: d.id, v: 2, stageId: stage('Won') });

    d = (await demo.ok(MOVE, { id: d.id, v: 2, stageId: stage('Won'), reason: 'best price' })).moveDeal;
    expect(d).toMatchObject({ status: 'WON', probability: 100, weightedValue: '9999.99', closeReason: 'best price', version: 3 });
    expect(d.closedAt).toEqual(expect.any(String));
    expect(d.stageHistory.map((h) => [h.fromStage?.name ?? null, h.toStage.name])).toEqual([
      ['Proposal', 'Won'],
      ['Opportunity', 'Proposal'],
      [null, 'Opportunity'],
    ]);
    const closed = await demo.fails('INVALID_TRANSITION', MOVE, { id: d.id, v: 3, stageId: stage('Scoping') });
    expect(closed.message).toContain('reopen it');
    const dealId = d.id;
    await expect
      .poll(() =>
        crmEvents()
          .filter((e) => e.data['dealId'] === dealId && e.type.startsWith('crm.deal.'))
          .map((e) => e.type),
      )
      .toEqual(['crm.deal.created', 'crm.deal.stage_changed', 'crm.deal.stage_changed', 'crm.deal.won']);

    d = (await demo.ok(REOPEN, { id: d.id, v: 3, stageId: stage('Scoping') })).reopenDeal;
    expect(d).toMatchObject({ status: 'OPEN', stage: 'Scoping', closedAt: null });
    await demo.fails('INVALID_TRANSITION', REOPEN, { id: d.id, v: 4, stageId: stage('Proposal') });
  });

  it('needs a reason to lose a deal', async () => {
    const { createDeal: d } = await demo.ok(CREATE_DEAL, {
      input: { title: 'Printer fleet', companyId: 'cmp_cobalt', pipelineId: pipeline.id },
    });
    const error = await demo.fails('BAD_USER_INPUT', MOVE, { id: d.id, v: 1, stageId: stage('Lost') });
    expect(error.extensions!['issues']).toEqual([{ path: 'reason', message: 'required when moving to a LOST stage' }]);
    const { moveDeal } = await demo.ok(MOVE, { id: d.id, v: 1, stageId: stage('Lost'), reason: 'went with a competitor' });
    expect(moveDeal).toMatchObject({ status: 'LOST', closeReason: 'went with a competitor', weightedValue: '0.00' });
    await expect
      .poll(crmEvents)
      .toContainEqual(expect.objectContaining({ type: 'crm.deal.lost', data: expect.objectContaining({ dealId: d.id, reason: 'went with a competitor' }) }));
  });

  it('updates deal fields and replaces line items with the version read', async () => {
    const { createDeal: d } = await demo.ok(CREATE_DEAL, {
      input: { title: 'Phones', companyId: 'cmp_acme', pipelineId: pipeline.id, value: '100' },
    });
    const { updateDeal: u } = await demo.ok(UPDATE_DEAL, {
      id: d.id,
      v: 1,
      input: { title: 'Voice phones', expectedCloseDate: '2027-03-01', probability: 35 },
    });
    expect(u).toMatchObject({ title: 'Voice phones', probability: 35, version: 2 });
    await demo.fails('BAD_USER_INPUT', UPDATE_DEAL, { id: d.id, v: 2, input: { value: '-5' } });
    const date = await demo.fails('BAD_USER_INPUT', UPDATE_DEAL, { id: d.id, v: 2, input: { expectedCloseDate: '2027-02-30' } });
    expect(date.extensions!['issues']).toEqual([{ path: 'input.expectedCloseDate', message: 'a calendar date such as 2026-12-31' }]);
    await demo.fails('BAD_USER_INPUT', UPDATE_DEAL, { id: d.id, v: 2, input: { value: 'lots' } });
    const { setDealLineItems: l } = await demo.ok(LINES, {
      id: d.id,
      v: 2,
      items: [
        { service: 'Hosted voice, per seat', quantity: '12', unitPrice: '24.99', billing: 'MONTHLY' },
        { service: 'Handsets', quantity: 12, unitPrice: '129' },
      ],
    });
    expect(l).toMatchObject({ mrr: '299.88', value: '5146.56', version: 3 });
    await demo.fails('STALE_VERSION', LINES, { id: d.id, v: 2, items: [] });
    const bad = await demo.fails('BAD_USER_INPUT', LINES, { id: d.id, v: 3, items: [{ service: 'x', unitPrice: '1.999' }] });
    expect(bad.extensions!['issues']).toEqual([{ path: 'items.0.unitPrice', message: 'at most 2 decimals' }]);
  });

  it('updates a pipeline’s stages, refusing to remove a stage that holds deals', async () => {
    const { createPipeline: p } = await demo.ok(CREATE_PIPELINE, {
      input: {
        name: 'Renewals 2',
        stages: [
          { name: 'Due', probability: 30 },
          { name: 'Won', probability: 100, kind: 'WON' },
          { name: 'Lost', probability: 0, kind: 'LOST' },
        ],
      },
    });
    const due = p.stages[0]!;
    await demo.ok(CREATE_DEAL, { input: { title: 'Renewal', companyId: 'cmp_acme', pipelineId: p.id } });
    const keep = p.stages.map((s) => ({ id: s.id, name: s.name, probability: s.probability, kind: s.kind }));
    const { updatePipeline: u } = await demo.ok(UPDATE_PIPELINE, {
      id: p.id,
      v: 1,
      input: {
        name: 'Renewals (2027)',
        stages: [{ ...keep[0]!, name: 'Renewal due', probability: 40 }, { name: 'Review', probability: 60 }, keep[1]!, keep[2]!],
      },
    });
    expect(u.stages.map((s) => [s.name, s.probability])).toEqual([
      ['Renewal due', 40],
      ['Review', 60],
      ['Won', 100],
      ['Lost', 0],
    ]);
    expect(u.stages[0]!.id).toBe(due.id);
    const conflict = await demo.fails('CONFLICT', UPDATE_PIPELINE, {
      id: p.id,
      v: 2,
      input: { stages: [{ name: 'Other', probability: 10 }, keep[1]!, keep[2]!] },
    });
    expect(conflict.message).toContain('Renewal due has 1 deal(s)');
    await demo.fails('STALE_VERSION', UPDATE_PIPELINE, { id: p.id, v: 1, input: { name: 'x' } });
    await other.fails('NOT_FOUND', UPDATE_PIPELINE, { id: p.id, v: 2, input: { name: 'x' } });
  });

  it('lists deals with filters, sorting and pages, and shows pipeline boards', async () => {
    const q = DealsPageDocument;
    const byValue = await demo.ok(q, { filter: { pipelineId: 'pl_demo_new_business' }, orderBy: { field: 'VALUE', direction: 'DESC' }, first: 2 });
    expect(byValue.deals.edges.map((e) => e.node.value)).toEqual(['48000.00', '12500.00']);
    const rest = await demo.ok(q, {
      filter: { pipelineId: 'pl_demo_new_business' },
      orderBy: { field: 'VALUE', direction: 'DESC' },
      first: 2,
      after: byValue.deals.pageInfo.endCursor,
    });
    expect(rest.deals.edges.map((e) => e.node.value)).toEqual(['6000.00']);
    const closing = await demo.ok(q, { filter: { expectedCloseTo: '2026-12-31', status: ['OPEN'] } });
    expect(closing.deals.edges.map((e) => e.node.title)).toEqual(['Managed services renewal']);
    expect((await other.ok(q, { first: 100 })).deals.edges.map((e) => e.node.title)).toEqual(['Security awareness bundle']);

    const board = await demo.ok(PipelineBoardDocument, { id: 'pl_demo_new_business' });
    expect(board.pipeline!.board.filter((c) => c.count > 0)).toEqual([
      { stage: { name: 'Lead' }, count: 1, totalValue: '6000.00', weightedValue: '600.00' },
      { stage: { name: 'Proposal' }, count: 1, totalValue: '12500.00', weightedValue: '7500.00' },
      { stage: { name: 'Negotiation' }, count: 1, totalValue: '48000.00', weightedValue: '38400.00' },
    ]);
  });

  it('summarises a company’s pipeline for the PSA sidebar', async () => {
    const s = (await demo.ok(PipelineSummaryDocument, { companyId: 'cmp_acme' })).pipelineSummary!;
    expect(s.openDeals[0]!.title).toBe('Managed services renewal');
    expect(s).toMatchObject({ nextExpectedClose: '2026-12-15', lostCount: 0 });
    expect(s.openTotals).toHaveLength(1);
    expect(s.openTotals[0]!.currency).toBe('USD');
    expect(await other.ok(PipelineSummaryDocument, { companyId: 'cmp_acme' })).toEqual({ pipelineSummary: null });
  });
});
