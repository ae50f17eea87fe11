import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { topicOf, type BusConsumer, type Envelope } from '@onegraph/bus';
import type { BooksSimulator } from '@onegraph/simulators';
import { arrivals, type Arrivals } from '@onegraph/testing';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * CRM + Books after the win, on real Kafka through the gateway: a won
 * deal's later changes (value, term, line items) amend its Books billing
 * setup once per deal version, even when the change's event is delivered
 * again; reopening the deal, then losing it, is reported to Books.
 */
const CREATE_DEAL = `mutation($input: CreateDealInput!) { createDeal(input: $input) { id version } }`;
const MOVE = `mutation($id: ID!, $v: Int!, $stageId: ID!, $reason: String) { moveDeal(id: $id, expectedVersion: $v, stageId: $stageId, reason: $reason) { version } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateDealInput!) { updateDeal(id: $id, expectedVersion: $v, input: $input) { version } }`;
const LINES = `mutation($id: ID!, $v: Int!, $items: [LineItemInput!]!) { setDealLineItems(id: $id, expectedVersion: $v, items: $items) { version value mrr } }`;
const REOPEN = `mutation($id: ID!, $v: Int!, $stageId: ID!) { reopenDeal(id: $id, expectedVersion: $v, stageId: $stageId) { version } }`;
const BILLING = `query($id: ID!) { deal(id: $id) { id booksBilling {
  status booksSetupId contractValue mrr termMonths dealVersion cancelReason lastError
  lines { service amount glAccount }
  amendments { dealVersion booksAmendmentId contractValue mrr termMonths lines { service amount glAccount } }
} } }`;

interface Amendment {
  dealVersion: number;
  booksAmendmentId: string;
  contractValue: string;
  mrr: string;
  termMonths: number | null;
  lines: { service: string; amount: string; glAccount: string }[];
}
interface Billing {
  status: string;
  booksSetupId: string | null;
  contractValue: string;
  mrr: string;
  termMonths: number | null;
  dealVersion: number | null;
  cancelReason: string | null;
  lastError: string | null;
  amendments: Amendment[];
}

describe('CRM + Books after the win, on real Kafka through the gateway', () => {
  const stack = useStack({ simulators: { books: true, calls: { backoffMs: 20 } } });
  let books: BooksSimulator;
  let demo: CrmClient;
  let demo2: CrmClient;
  let crmEvents: Arrivals<Envelope>;
  let reader: BusConsumer | undefined;

  beforeAll(async () => {
    books = stack.simulators.books;
    demo = crmClient(stack, 'demo');
    demo2 = crmClient(stack, 'demo-2');
    crmEvents = arrivals('crm events', 30_000);
    reader = await stack.bus.consume({ groupId: `test-crm-reader-${randomUUID().slice(0, 8)}`, topics: [topicOf('crm')], handler: crmEvents.handler });
  });
  afterAll(async () => {
    await reader?.stop();
  });

  const billingOf = async (client: CrmClient, id: string) =>
    (await client.ok<{ deal: { booksBilling: Billing | null } | null }>(BILLING, { id })).deal?.booksBilling ?? null;
  const amendmentsInBooks = (setupId: string) => books.billingAmendments('demo').filter((a) => a.setupId === setupId);
  const amendCalls = (setupId: string) => books.calls.filter((c) => c.path === `/api/billing-setups/${setupId}/amendments`);

  it('a won deal changed twice amends Books twice, each version once even when its event is delivered again; reopened, then lost, Books is told', async () => {
    const { createDeal } = await demo.ok<{ createDeal: { id: string; version: number } }>(CREATE_DEAL, {
      input: {
        title: 'Managed services, amended later',
        companyId: 'cmp_acme',
        pipelineId: 'pl_demo_new_business',
        termMonths: 12,
        lineItems: [{ service: 'Managed IT, per user', quantity: '10', unitPrice: '100.00', billing: 'MONTHLY' }],
      },
    });
    const id = createDeal.id;
    let version = (await demo.ok<{ moveDeal: { version: number } }>(MOVE, { id, v: createDeal.version, stageId: 'stg_demo_nb_won' })).moveDeal.version;
    const wonVersion = version;
    await expect.poll(async () => (await billingOf(demo, id))?.status, { timeout: 30_000 }).toBe('ACTIVE');
    const setupId = (await billingOf(demo, id))!.booksSetupId!;
    expect(await billingOf(demo, id)).toMatchObject({ contractValue: '12000.00', mrr: '1000.00', dealVersion: wonVersion, amendments: [] });

    // first change after the win: the value
    version = (await demo.ok<{ updateDeal: { version: number } }>(UPDATE, { id, v: version, input: { value: '15000' } })).updateDeal.version;
    const firstVersion = version;
    await expect.poll(() => amendmentsInBooks(setupId).length, { timeout: 30_000 }).toBe(1);
    // second: the value again, and the term
    version = (await demo.ok<{ updateDeal: { version: number } }>(UPDATE, { id, v: version, input: { value: '18000', termMonths: 18 } })).updateDeal.version;
    const secondVersion = version;
    await expect.poll(() => amendmentsInBooks(setupId).length, { timeout: 30_000 }).toBe(2);
    expect(amendmentsInBooks(setupId)).toEqual([
      expect.objectContaining({ crmDealVersion: firstVersion, contractValue: '15000.00', mrr: '1000.00', termMonths: 12 }),
      expect.objectContaining({ crmDealVersion: secondVersion, contractValue: '18000.00', mrr: '1000.00', termMonths: 18 }),
    ]);
    expect(amendCalls(setupId).map((c) => c.idempotencyKey)).toEqual([`deal-amend:${id}:v${firstVersion}`, `deal-amend:${id}:v${secondVersion}`]);

    // the two changes' events delivered again: as they were (a redelivery), and re-published under new ids
    const updates = await crmEvents.matching((e) => e.type === 'crm.deal.updated' && e.subject === `deal/${id}`, 2);
    await stack.bus.publish(topicOf('crm'), [...updates, ...updates.map((e) => ({ ...e, id: randomUUID() }))]);

    // a third change, of the line items (a won deal's may still change): it comes after the redeliveries, in the deal's order
    const lines = await demo.ok<{ setDealLineItems: { version: number; value: string; mrr: string } }>(LINES, {
      id,
      v: version,
      items: [
        { service: 'Managed IT, per user', quantity: '12', unitPrice: '100.00', billing: 'MONTHLY' },
        { service: 'Offsite backup', quantity: '1', unitPrice: '50.00', billing: 'MONTHLY', glAccount: '4250' },
      ],
    });
    version = lines.setDealLineItems.version;
    await expect.poll(() => amendmentsInBooks(setupId).length, { timeout: 30_000 }).toBe(3);
    // 12 × 100 + 50 = 1250 a month over 18 months
    expect(lines.setDealLineItems).toMatchObject({ value: '22500.00', mrr: '1250.00' });
    expect(amendmentsInBooks(setupId)[2]).toMatchObject({
      crmDealVersion: version,
      contractValue: '22500.00',
      mrr: '1250.00',
      termMonths: 18,
      lines: [
        { service: 'Managed IT, per user', amount: '1200.00', billing: 'MONTHLY', glAccount: '4000' },
        { service: 'Offsite backup', amount: '50.00', billing: 'MONTHLY', glAccount: '4250' },
      ],
    });
    // each version reached Books once: the redelivered events changed nothing
    expect(amendCalls(setupId)).toHaveLength(3);
    const billing = (await billingOf(demo, id))!;
    expect(billing).toMatchObject({ status: 'ACTIVE', contractValue: '22500.00', mrr: '1250.00', termMonths: 18, dealVersion: version, lastError: null });
    expect(billing.amendments.map((a) => [a.dealVersion, a.contractValue])).toEqual([
      [firstVersion, '15000.00'],
      [secondVersion, '18000.00'],
      [version, '22500.00'],
    ]);
    expect(billing.amendments.map((a) => a.booksAmendmentId)).toEqual(amendmentsInBooks(setupId).map((a) => a.id));

    // reopened: Books stops billing, told why
    version = (await demo.ok<{ reopenDeal: { version: number } }>(REOPEN, { id, v: version, stageId: 'stg_demo_nb_negotiation' })).reopenDeal.version;
    await expect.poll(async () => (await billingOf(demo, id))?.status, { timeout: 30_000 }).toBe('CANCELLED');
    expect(await billingOf(demo, id)).toMatchObject({ cancelReason: 'DEAL_REOPENED' });
    expect(books.billingSetups('demo').find((s) => s.id === setupId)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'DEAL_REOPENED',
      cancelledAtDealVersion: version,
    });
    // then lost: Books is told the deal is lost
    version = (await demo.ok<{ moveDeal: { version: number } }>(MOVE, { id, v: version, stageId: 'stg_demo_nb_lost', reason: 'Chose another MSP' })).moveDeal
      .version;
    await expect.poll(async () => (await billingOf(demo, id))?.cancelReason, { timeout: 30_000 }).toBe('DEAL_LOST');
    expect(books.billingSetups('demo').find((s) => s.id === setupId)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'DEAL_LOST',
      cancelledAtDealVersion: version,
    });
    expect(books.calls.filter((c) => c.path === `/api/billing-setups/${setupId}/cancel`).map((c) => c.idempotencyKey)).toEqual([
      `deal-deal_reopened:${id}:v${version - 1}`,
      `deal-deal_lost:${id}:v${version}`,
    ]);
    // no amendment came of the reopen or the loss, and nothing of it reached the other organisation
    expect(amendCalls(setupId)).toHaveLength(3);
    expect(await billingOf(demo2, id)).toBeNull();
    expect(books.billingAmendments('demo-2')).toEqual([]);
  });

  it('a deal lost without ever being won is not reported to Books', async () => {
    const { createDeal } = await demo.ok<{ createDeal: { id: string; version: number } }>(CREATE_DEAL, {
      input: { title: 'Never won', companyId: 'cmp_cobalt', pipelineId: 'pl_demo_new_business', value: '500' },
    });
    await demo.ok(MOVE, { id: createDeal.id, v: createDeal.version, stageId: 'stg_demo_nb_lost', reason: 'No budget' });
    await crmEvents.find((e) => e.type === 'crm.deal.lost' && e.subject === `deal/${createDeal.id}`);
    // a won deal after it, in the same organisation's order: once it is set up, the lost one was handled
    const { createDeal: fence } = await demo.ok<{ createDeal: { id: string; version: number } }>(CREATE_DEAL, {
      input: { title: 'Fence', companyId: 'cmp_cobalt', pipelineId: 'pl_demo_new_business', value: '100' },
    });
    await demo.ok(MOVE, { id: fence.id, v: fence.version, stageId: 'stg_demo_nb_won' });
    await expect.poll(async () => (await billingOf(demo, fence.id))?.status, { timeout: 30_000 }).toBe('ACTIVE');
    expect(await billingOf(demo, createDeal.id)).toBeNull();
    expect(books.billingSetups('demo').map((s) => s.crmDealId)).not.toContain(createDeal.id);
  });
});
