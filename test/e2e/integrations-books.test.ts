import { beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import type { BooksSimulator } from '@onegraph/simulators';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * CRM + Books (the seed table's rows, one test each): a won deal sets up
 * the client's billing in Books, with its contract value, recurring
 * revenue and GL account mappings; Books' invoices come back on the Bus
 * and meet CRM's deals in the revenue dashboard, one federated query.
 */

const BILLING_FIELDS = `status booksSetupId contractValue mrr currency termMonths attempts lastError
  lines { service quantity unitPrice amount billing glAccount }`;
const DEAL_BILLING = `query($id: ID!) { deal(id: $id) { id value mrr currency termMonths booksBilling { ${BILLING_FIELDS} } } }`;
const CREATE_DEAL = `mutation($input: CreateDealInput!) { createDeal(input: $input) { id version value mrr } }`;
const MOVE = `mutation($id: ID!, $v: Int!, $stageId: ID!) { moveDeal(id: $id, expectedVersion: $v, stageId: $stageId) { id status version } }`;
const DASHBOARD = `query($from: Date!, $to: Date!, $companyId: ID, $currency: String) {
  revenueDashboard(from: $from, to: $to, companyId: $companyId, currency: $currency) {
    id month currency company { id name } wonValue wonMrr wonDeals weightedPipeline openDeals invoiced paid overdue
  }
}`;

interface Billing {
  status: string;
  booksSetupId: string | null;
  contractValue: string;
  mrr: string;
  currency: string;
  termMonths: number | null;
  attempts: number;
  lastError: string | null;
  lines: { service: string; quantity: string; unitPrice: string; amount: string; billing: string; glAccount: string }[];
}
interface DealBilling {
  deal: { id: string; value: string; mrr: string; currency: string; termMonths: number | null; booksBilling: Billing | null } | null;
}

const managedLines = [
  { service: 'Managed IT, per user', quantity: '25', unitPrice: '120.00', billing: 'MONTHLY' },
  { service: 'Onboarding project', unitPrice: '2500.00', billing: 'ONE_OFF' },
  { service: 'Offsite backup', quantity: '2', unitPrice: '75.50', billing: 'MONTHLY', glAccount: '4250' },
];

describe('CRM + Books, on real Kafka through the gateway', () => {
  // One Graph presents its key to Books, one per organisation
  const stack = useStack({ simulators: { books: true, calls: { backoffMs: 20 } } });
  let books: BooksSimulator;
  let demo: CrmClient;
  let demo2: CrmClient;

  beforeAll(() => {
    books = stack.simulators.books;
    demo = crmClient(stack, 'demo');
    demo2 = crmClient(stack, 'demo-2');
  });

  /** A deal with line items, moved to Won. */
  async function winDeal(client: CrmClient, input: Record<string, unknown>, wonStage = 'stg_demo_nb_won') {
    const { createDeal } = await client.ok<{ createDeal: { id: string; version: number } }>(CREATE_DEAL, { input });
    await client.ok(MOVE, { id: createDeal.id, v: createDeal.version, stageId: wonStage });
    return createDeal.id;
  }
  const billingOf = async (client: CrmClient, id: string) => (await client.ok<DealBilling>(DEAL_BILLING, { id })).deal;
  const activeBilling = (client: CrmClient, id: string) =>
    expect.poll(async () => (await billingOf(client, id))?.booksBilling?.status, { timeout: 30_000 }).toBe('ACTIVE');

  it('Deal closes as Won: client billing setup is initiated in Books, once', async () => {
    const id = await winDeal(demo, {
      title: 'Managed services (Books)',
      companyId: 'cmp_acme',
      pipelineId: 'pl_demo_new_business',
      termMonths: 12,
      lineItems: managedLines,
    });
    // not won yet: nothing in Books
    const { createDeal: open } = await demo.ok<{ createDeal: { id: string } }>(CREATE_DEAL, {
      input: { title: 'Still open', companyId: 'cmp_acme', pipelineId: 'pl_demo_new_business', value: '100' },
    });

    await activeBilling(demo, id);
    const deal = await billingOf(demo, id);
    const setups = books.billingSetups('demo').filter((s) => s.crmDealId === id);
    expect(setups).toHaveLength(1);
    expect(deal!.booksBilling).toMatchObject({ status: 'ACTIVE', booksSetupId: setups[0]!.id, attempts: 1, lastError: null });
    // the call carried the key of the deal's organisation and an idempotency key from the event
    const call = books.calls.find((c) => c.path === '/api/billing-setups' && c.org === 'demo');
    expect(call?.idempotencyKey).toMatch(/^deal-won:/);
    expect((await billingOf(demo, open.id))!.booksBilling).toBeNull();
  });

  it('Contract value: deal value and recurring revenue sync to Books for invoicing', async () => {
    const id = await winDeal(demo, {
      title: 'Contract value deal',
      companyId: 'cmp_brightline',
      pipelineId: 'pl_demo_new_business',
      termMonths: 24,
      lineItems: managedLines,
    });
    await activeBilling(demo, id);
    const deal = (await billingOf(demo, id))!;
    // 25 × 120 + 2 × 75.50 = 3151.00 a month over 24 months, plus 2500 one-off
    expect(deal).toMatchObject({ value: '78124.00', mrr: '3151.00', currency: 'USD', termMonths: 24 });
    expect(deal.booksBilling).toMatchObject({ contractValue: '78124.00', mrr: '3151.00', currency: 'USD', termMonths: 24 });
    const [setup] = books.billingSetups('demo').filter((s) => s.crmDealId === id);
    expect(setup).toMatchObject({ crmCompanyId: 'cmp_brightline', contractValue: '78124.00', mrr: '3151.00', currency: 'USD', termMonths: 24 });
  });

  it('Service mappings: CRM deal line items map to Books GL accounts', async () => {
    const id = await winDeal(demo, {
      title: 'GL mapping deal',
      companyId: 'cmp_cobalt',
      pipelineId: 'pl_demo_new_business',
      termMonths: 12,
      lineItems: managedLines,
    });
    await activeBilling(demo, id);
    const expected = [
      { service: 'Managed IT, per user', quantity: '25.00', unitPrice: '120.00', amount: '3000.00', billing: 'MONTHLY', glAccount: '4000' },
      { service: 'Onboarding project', quantity: '1.00', unitPrice: '2500.00', amount: '2500.00', billing: 'ONE_OFF', glAccount: '4100' },
      { service: 'Offsite backup', quantity: '2.00', unitPrice: '75.50', amount: '151.00', billing: 'MONTHLY', glAccount: '4250' },
    ];
    expect((await billingOf(demo, id))!.booksBilling!.lines).toEqual(expected);
    const [setup] = books.billingSetups('demo').filter((s) => s.crmDealId === id);
    expect(setup!.lines).toEqual(expected.map(({ service, amount, billing, glAccount }) => ({ service, amount, billing, glAccount })));
  });

  it('Books down: the setup waits (PENDING, with the error), is retried with backoff and made once when Books is back', async () => {
    books.setAvailable(false);
    let id: string;
    try {
      id = await winDeal(demo, {
        title: 'During the Books outage',
        companyId: 'cmp_acme',
        pipelineId: 'pl_demo_new_business',
        termMonths: 12,
        lineItems: managedLines,
      });
      await expect
        .poll(async () => (await billingOf(demo, id))?.booksBilling, { timeout: 30_000 })
        .toMatchObject({ status: 'PENDING', booksSetupId: null, lastError: expect.stringContaining('books is unavailable (503') });
      await expect.poll(async () => (await billingOf(demo, id))!.booksBilling!.attempts, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    } finally {
      books.setAvailable(true);
    }
    await activeBilling(demo, id);
    expect(books.billingSetups('demo').filter((s) => s.crmDealId === id)).toHaveLength(1);
    expect((await billingOf(demo, id))!.booksBilling).toMatchObject({ status: 'ACTIVE', lastError: null });
  });

  it('Revenue dashboard: CRM deals and Books invoices per month, for a company and for the organisation, in one federated query', async () => {
    const { createCompany } = await demo.ok<{ createCompany: { id: string } }>(`mutation { createCompany(input: { name: "Revenue Co" }) { id } }`);
    const companyId = createCompany.id;
    const base = { companyId, pipelineId: 'pl_demo_new_business', currency: 'EUR' };
    // won this month (the test clock is the real one)
    await winDeal(demo, { ...base, title: 'Won EUR', value: '12000', mrr: '1000', termMonths: 12 });
    const thisMonth = new Date().toISOString().slice(0, 7);
    const inMonths = (n: number, day: number) => {
      const d = new Date(`${thisMonth}-01T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + n, day);
      return d.toISOString().slice(0, 10);
    };
    const month = (n: number) => inMonths(n, 1).slice(0, 7);
    // expected to close in two months: 10000 × 30% + 5000.55 × 60% (the Proposal stage's) = 3000.00 + 3000.33
    await demo.ok(CREATE_DEAL, { input: { ...base, title: 'Open 30%', value: '10000', probability: 30, expectedCloseDate: inMonths(2, 15) } });
    await demo.ok(CREATE_DEAL, {
      input: { ...base, title: 'Open proposal', value: '5000.55', stageId: 'stg_demo_nb_proposal', expectedCloseDate: inMonths(2, 20) },
    });
    // Books: two invoices this month (one paid next month, one overdue), one next month
    const first = await books.issueInvoice('demo', { crmCompanyId: companyId, total: '1000.00', currency: 'EUR', issuedAt: `${inMonths(0, 3)}T10:00:00Z` });
    const second = await books.issueInvoice('demo', { crmCompanyId: companyId, total: '500.50', currency: 'EUR', issuedAt: `${inMonths(0, 20)}T10:00:00Z` });
    await books.issueInvoice('demo', { crmCompanyId: companyId, total: '1000.00', currency: 'EUR', issuedAt: `${inMonths(1, 1)}T10:00:00Z` });
    await books.payInvoice('demo', first.invoice.id, `${inMonths(1, 2)}T09:00:00Z`);
    await books.markOverdue('demo', second.invoice.id);
    // another organisation's invoice for the same company id changes nothing here
    await books.issueInvoice('demo-2', { crmCompanyId: companyId, total: '999.99', currency: 'EUR', issuedAt: `${inMonths(0, 5)}T10:00:00Z` });

    const zero = { wonValue: '0.00', wonMrr: '0.00', wonDeals: 0, weightedPipeline: '0.00', openDeals: 0, invoiced: '0.00', paid: '0.00', overdue: '0.00' };
    const expected = (scope: string, company: { id: string; name: string } | null) => [
      {
        id: `revenue:${month(0)}:EUR:${scope}`,
        month: month(0),
        currency: 'EUR',
        company,
        ...zero,
        wonValue: '12000.00',
        wonMrr: '1000.00',
        wonDeals: 1,
        invoiced: '1500.50',
        overdue: '500.50',
      },
      { id: `revenue:${month(1)}:EUR:${scope}`, month: month(1), currency: 'EUR', company, ...zero, invoiced: '1000.00', paid: '1000.00' },
      { id: `revenue:${month(2)}:EUR:${scope}`, month: month(2), currency: 'EUR', company, ...zero, weightedPipeline: '6000.33', openDeals: 2 },
    ];
    const range = { from: inMonths(0, 1), to: inMonths(2, 28), currency: 'EUR' };
    await expect
      .poll(async () => (await demo.ok<{ revenueDashboard: unknown[] }>(DASHBOARD, { ...range, companyId })).revenueDashboard, { timeout: 30_000 })
      .toEqual(expected(`company:${companyId}`, { id: companyId, name: 'Revenue Co' }));
    // the organisation's dashboard: no other EUR business in this org
    expect((await demo.ok<{ revenueDashboard: unknown[] }>(DASHBOARD, range)).revenueDashboard).toEqual(expected('org', null));

    // bad ranges are refused, naming the argument
    const reversed = await demo.fails('BAD_USER_INPUT', DASHBOARD, { from: '2026-05-01', to: '2026-04-30' });
    expect(reversed.message).toContain('from');
    await demo.fails('BAD_USER_INPUT', DASHBOARD, { from: '2026-01-01', to: '2029-01-01' });
    await demo.fails('BAD_USER_INPUT', DASHBOARD, { from: '2026-01-01', to: '2026-02-01', currency: 'euro' });
    await demo.fails('BAD_USER_INPUT', DASHBOARD, { from: '2026-02-30', to: '2026-03-01' });
    // 36 months is the limit, and allowed
    expect((await demo.ok<{ revenueDashboard: unknown[] }>(DASHBOARD, { from: '2026-01-01', to: '2028-12-31' })).revenueDashboard).toHaveLength(36);
  });

  it('Books invoice events: duplicates count once, and a late older event never undoes a payment', async () => {
    const { createCompany } = await demo.ok<{ createCompany: { id: string } }>(`mutation { createCompany(input: { name: "Invoice Replay Co" }) { id } }`);
    const companyId = createCompany.id;
    const issued = await books.issueInvoice('demo', { crmCompanyId: companyId, total: '250.00', issuedAt: '2026-10-05T10:00:00Z' });
    // the same event delivered again, twice (a producer retry, a replay)
    await stack.bus.publish(topicOf('books'), [issued.event, issued.event]);
    await books.payInvoice('demo', issued.invoice.id, '2026-10-20T10:00:00Z');
    // an `issued` event of the same invoice arriving after the payment (another id: not a duplicate)
    await stack.bus.publish(topicOf('books'), books.invoiceEvent('demo', issued.invoice.id, 'books.invoice.issued'));
    // a last invoice: once it shows, everything published before it (same organisation, same partition) was applied
    const sentinel = await books.issueInvoice('demo', { crmCompanyId: companyId, total: '1.00', issuedAt: '2026-10-06T10:00:00Z' });
    const INVOICES = `query($id: ID!) { company(id: $id) { invoices { id number total currency status paidAt } } }`;
    await expect
      .poll(async () => (await demo.ok<{ company: { invoices: { id: string }[] } }>(INVOICES, { id: companyId })).company.invoices.map((i) => i.id), {
        timeout: 30_000,
      })
      .toContain(sentinel.invoice.id);
    const { company } = await demo.ok<{ company: { invoices: Record<string, unknown>[] } }>(INVOICES, { id: companyId });
    expect(company.invoices).toEqual([
      { id: sentinel.invoice.id, number: sentinel.invoice.number, total: '1.00', currency: 'USD', status: 'ISSUED', paidAt: null },
      { id: issued.invoice.id, number: issued.invoice.number, total: '250.00', currency: 'USD', status: 'PAID', paidAt: '2026-10-20T10:00:00.000Z' },
    ]);
    const { revenueDashboard } = await demo.ok<{ revenueDashboard: Record<string, unknown>[] }>(DASHBOARD, { from: '2026-10-01', to: '2026-10-31', companyId });
    expect(revenueDashboard).toEqual([expect.objectContaining({ month: '2026-10', invoiced: '251.00', paid: '250.00', overdue: '0.00' })]);
  });

  it('isolation: demo-2 neither sees nor affects demo’s billing setups, invoices and revenue', async () => {
    const demoDeal = await winDeal(demo, { title: 'Demo only', companyId: 'cmp_acme', pipelineId: 'pl_demo_new_business', value: '700' });
    await activeBilling(demo, demoDeal);
    expect((await demo2.ok<DealBilling>(DEAL_BILLING, { id: demoDeal })).deal).toBeNull();
    await demo2.fails('NOT_FOUND', DASHBOARD, { from: '2026-01-01', to: '2026-12-31', companyId: 'cmp_acme' });
    const { revenueDashboard } = await demo2.ok<{ revenueDashboard: Record<string, unknown>[] }>(DASHBOARD, {
      from: '2026-10-01',
      to: '2026-10-31',
      currency: 'USD',
    });
    expect(revenueDashboard).toEqual([expect.objectContaining({ id: 'revenue:2026-10:USD:org', wonValue: '0.00', invoiced: '0.00', paid: '0.00' })]);

    // demo-2's won deal is set up in Books with demo-2's own key
    const demo2Deal = await winDeal(
      demo2,
      { title: 'Demo-2 deal', companyId: 'cmp_northwind', pipelineId: 'pl_demo2_new_business', value: '900', termMonths: 6 },
      'stg_demo2_nb_won',
    );
    await activeBilling(demo2, demo2Deal);
    expect(books.billingSetups('demo-2').map((s) => s.crmDealId)).toEqual([demo2Deal]);
    expect(books.billingSetups('demo').map((s) => s.crmDealId)).not.toContain(demo2Deal);
    expect((await billingOf(demo2, demo2Deal))!.booksBilling).toMatchObject({ contractValue: '900.00', currency: 'GBP', termMonths: 6 });
  });
});
