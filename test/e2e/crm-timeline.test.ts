import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, createMemoryBus, topicOf, type Envelope } from '@onegraph/bus';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

interface Activity {
  id: string;
  type: string;
  summary: string;
  source: string;
  occurredAt: string;
  durationSeconds: number | null;
  recordingUrl: string | null;
  direction: string | null;
  contact: { id: string } | null;
  deal: { id: string } | null;
  company: { id: string };
}
interface Timeline {
  edges: { cursor: string; node: Activity }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface Health {
  score: number;
  risk: string;
  engagement: number;
  csat: number | null;
  ticketLoad: number | null;
  billing: number | null;
  reason: string;
}
interface Quote {
  id: string;
  number: string;
  status: string;
  subtotal: string;
  tax: string;
  total: string;
  monthlyRecurring: string;
  shareToken: string | null;
  version: number;
  source: string;
  deal: { id: string } | null;
  lines: { service: string; amount: string }[];
}
const ACTIVITY = `id type summary source occurredAt durationSeconds recordingUrl direction contact { id } deal { id } company { id }`;
const LOG = `mutation($input: LogActivityInput!) { logActivity(input: $input) { ${ACTIVITY} } }`;
const COMPANY_TIMELINE = `query($id: ID!, $first: Int, $after: String, $filter: TimelineFilter) {
  company(id: $id) { activities(first: $first, after: $after, filter: $filter) { edges { cursor node { ${ACTIVITY} } } pageInfo { hasNextPage endCursor } } }
}`;
const QUOTE = `id number status subtotal tax total monthlyRecurring shareToken version source deal { id } lines { service amount }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { ${QUOTE} } }`;
const SET_QUOTE = `mutation($id: ID!, $v: Int!, $status: QuoteStatus!, $reason: String) { setQuoteStatus(id: $id, expectedVersion: $v, status: $status, reason: $reason) { ${QUOTE} } }`;
const UPDATE_QUOTE = `mutation($id: ID!, $v: Int!, $input: UpdateQuoteInput!) { updateQuote(id: $id, expectedVersion: $v, input: $input) { ${QUOTE} } }`;
const ESIGN = `id status kind signedName version deal { id status stage } company { id }`;
const REQUEST = `mutation($input: RequestEsignatureInput!) { requestEsignature(input: $input) { ${ESIGN} } }`;
const RECORD = `mutation($id: ID!, $v: Int!, $status: EsignStatus!, $signedName: String, $reason: String) { recordEsignEvent(id: $id, expectedVersion: $v, status: $status, signedName: $signedName, reason: $reason) { ${ESIGN} } }`;
const HEALTH = `query($id: ID!) { company(id: $id) { health { score risk engagement csat ticketLoad billing reason } healthHistory(first: 50) { edges { node { score reason } } } } }`;

describe('timelines, quotes, e-sign and health through the gateway', () => {
  const bus = createMemoryBus();
  const stack = useStack({ bus });
  let demo: CrmClient;
  let other: CrmClient;
  let companyId: string;
  const crmEvents = () => bus.messages(topicOf('crm')).map((m) => JSON.parse(m.value!) as Envelope<Record<string, unknown>>);

  beforeAll(async () => {
    demo = crmClient(stack, 'demo');
    other = crmClient(stack, 'demo-2');
    companyId = (
      await demo.ok<{ createCompany: { id: string } }>(`mutation { createCompany(input: { name: "Timeline Co", address: { country: "US" } }) { id } }`)
    ).createCompany.id;
  });

  describe('activity timeline', () => {
    it('logs calls, notes and meetings on the company, contact and deal timelines, newest first', async () => {
      const contactId = (
        await demo.ok<{ createContact: { id: string } }>(`mutation($c: ID!) { createContact(input: { companyId: $c, firstName: "Tia" }) { id } }`, {
          c: companyId,
        })
      ).createContact.id;
      const dealId = (
        await demo.ok<{ createDeal: { id: string } }>(
          `mutation($c: ID!) { createDeal(input: { companyId: $c, pipelineId: "pl_demo_new_business", title: "TL deal" }) { id } }`,
          { c: companyId },
        )
      ).createDeal.id;
      const at = (h: number) => `2026-11-20T${String(h).padStart(2, '0')}:00:00.000Z`;
      const { logActivity: call } = await demo.ok<{ logActivity: Activity }>(LOG, {
        input: {
          type: 'CALL',
          summary: 'Inbound call',
          contactId,
          occurredAt: at(9),
          source: 'VOICE',
          durationSeconds: 312,
          recordingUrl: 'https://voice.example/rec/1',
          direction: 'INBOUND',
        },
      });
      expect(call).toMatchObject({
        type: 'CALL',
        source: 'VOICE',
        durationSeconds: 312,
        direction: 'INBOUND',
        company: { id: companyId },
        contact: { id: contactId },
        deal: null,
      });
      await demo.ok(LOG, { input: { type: 'NOTE', summary: 'Budget approved', dealId, occurredAt: at(10) } });
      await demo.ok(LOG, { input: { type: 'MEETING', summary: 'Kick-off', companyId, occurredAt: at(11) } });

      const company = await demo.ok<{ company: { activities: Timeline } }>(COMPANY_TIMELINE, { id: companyId, first: 10 });
      expect(company.company.activities.edges.map((e) => e.node.summary)).toEqual(['Kick-off', 'Budget approved', 'Inbound call']);
      const contact = await demo.ok<{ contact: { activities: Timeline } }>(
        `query($id: ID!) { contact(id: $id) { activities { edges { cursor node { ${ACTIVITY} } } pageInfo { hasNextPage endCursor } } } }`,
        { id: contactId },
      );
      expect(contact.contact.activities.edges.map((e) => e.node.summary)).toEqual(['Inbound call']);
      const deal = await demo.ok<{ deal: { activities: Timeline } }>(
        `query($id: ID!) { deal(id: $id) { activities { edges { cursor node { ${ACTIVITY} } } pageInfo { hasNextPage endCursor } } } }`,
        { id: dealId },
      );
      expect(deal.deal.activities.edges.map((e) => e.node.summary)).toEqual(['Budget approved']);
      await expect.poll(() => crmEvents().filter((e) => e.type === 'crm.activity.logged' && e.data['companyId'] === companyId)).toHaveLength(3);
    });

    it('filters by type and time and pages without gaps', async () => {
      const filtered = await demo.ok<{ company: { activities: Timeline } }>(COMPANY_TIMELINE, {
        id: companyId,
        filter: { types: ['NOTE', 'CALL'], since: '2026-11-20T09:30:00Z', until: '2026-11-21T00:00:00Z' },
      });
      expect(filtered.company.activities.edges.map((e) => e.node.summary)).toEqual(['Budget approved']);
      const page1 = await demo.ok<{ company: { activities: Timeline } }>(COMPANY_TIMELINE, { id: companyId, first: 2 });
      const page2 = await demo.ok<{ company: { activities: Timeline } }>(COMPANY_TIMELINE, {
        id: companyId,
        first: 2,
        after: page1.company.activities.pageInfo.endCursor,
      });
      expect(page1.company.activities.pageInfo.hasNextPage).toBe(true);
      expect([...page1.company.activities.edges, ...page2.company.activities.edges].map((e) => e.node.summary)).toEqual([
        'Kick-off',
        'Budget approved',
        'Inbound call',
      ]);
      expect(page2.company.activities.pageInfo.hasNextPage).toBe(false);

      const all = await demo.ok<{ activities: Timeline }>(
        `query($f: ActivityFilter) { activities(filter: $f) { edges { cursor node { ${ACTIVITY} } } pageInfo { hasNextPage endCursor } } }`,
        { f: { companyId, types: ['MEETING'] } },
      );
      expect(all.activities.edges.map((e) => e.node.summary)).toEqual(['Kick-off']);
      const bad = await demo.fails('BAD_USER_INPUT', COMPANY_TIMELINE, { id: companyId, filter: { since: 'last tuesday' } });
      expect(bad.extensions!['issues']).toEqual([expect.objectContaining({ path: 'filter.since' })]);
    });

    it('refuses what cannot be logged, and unknown or foreign owners', async () => {
      const type = await demo.fails('BAD_USER_INPUT', LOG, { input: { type: 'TICKET', summary: 'x', companyId } });
      expect(type.message).toContain('logged by the CRM itself');
      await demo.fails('BAD_USER_INPUT', LOG, { input: { type: 'NOTE', summary: 'orphan' } });
      await demo.fails('BAD_USER_INPUT', LOG, { input: { type: 'NOTE', summary: 'x', companyId: 'cmp_acme', contactId: 'con_bright_lee' } });
      await other.fails('NOT_FOUND', LOG, { input: { type: 'NOTE', summary: 'x', companyId } });
    });
  });

  describe('quotes', () => {
    it('builds a quote from a deal’s line items, sends it with a share token, and follows its statuses', async () => {
      const { createQuote: q } = await demo.ok<{ createQuote: Quote }>(CREATE_QUOTE, { input: { dealId: 'deal_bright_m365', taxRate: '8.25' } });
      expect(q).toMatchObject({
        status: 'DRAFT',
        subtotal: '12500.00',
        tax: '1031.25',
        total: '13531.25',
        monthlyRecurring: '0.00',
        shareToken: null,
        version: 1,
        deal: { id: 'deal_bright_m365' },
      });
      expect(q.number).toMatch(/^Q-\d+$/);
      expect(q.lines.map((l) => l.amount)).toEqual(['9500.00', '3000.00']);

      const { updateQuote: u } = await demo.ok<{ updateQuote: Quote }>(UPDATE_QUOTE, { id: q.id, v: 1, input: { taxRate: '0' } });
      expect(u).toMatchObject({ tax: '0.00', total: '12500.00', version: 2 });
      const { setQuoteStatus: sent } = await demo.ok<{ setQuoteStatus: Quote }>(SET_QUOTE, { id: q.id, v: 2, status: 'SENT' });
      expect(sent.shareToken).toMatch(/^[\w-]{20,}$/);
      await demo.fails('INVALID_TRANSITION', UPDATE_QUOTE, { id: q.id, v: 3, input: { taxRate: '5' } });
      const viaPortal = await demo.ok<{ quoteByShareToken: { id: string } | null }>(`query($t: String!) { quoteByShareToken(token: $t) { id } }`, {
        t: sent.shareToken,
      });
      expect(viaPortal.quoteByShareToken).toEqual({ id: q.id });
      expect(await other.ok(`query($t: String!) { quoteByShareToken(token: $t) { id } }`, { t: sent.shareToken })).toEqual({ quoteByShareToken: null });

      await demo.ok(SET_QUOTE, { id: q.id, v: 3, status: 'VIEWED' });
      const back = await demo.fails('INVALID_TRANSITION', SET_QUOTE, { id: q.id, v: 4, status: 'DRAFT' });
      expect(back.extensions).toMatchObject({ from: 'VIEWED', to: 'DRAFT', allowed: ['ACCEPTED', 'DECLINED', 'EXPIRED'] });
      await demo.fails('STALE_VERSION', SET_QUOTE, { id: q.id, v: 3, status: 'ACCEPTED' });
      const { setQuoteStatus: accepted } = await demo.ok<{ setQuoteStatus: Quote }>(SET_QUOTE, { id: q.id, v: 4, status: 'ACCEPTED' });
      expect(accepted.status).toBe('ACCEPTED');
      // the events travel outbox → relay → Kafka → this test's consumer: they arrive after the mutations answered
      await expect
        .poll(() =>
          crmEvents()
            .filter((e) => e.data['quoteId'] === q.id)
            .map((e) => e.type),
        )
        .toEqual(['crm.quote.created', 'crm.quote.updated', 'crm.quote.sent', 'crm.quote.viewed', 'crm.quote.accepted']);
      const timeline = await demo.ok<{ company: { activities: Timeline } }>(COMPANY_TIMELINE, { id: 'cmp_brightline', filter: { types: ['QUOTE'] } });
      expect(timeline.company.activities.edges.map((e) => e.node.summary)).toEqual(
        expect.arrayContaining([`Quote ${q.number} accepted`, `Quote ${q.number} sent`]),
      );
    });

    it('makes a quick quote from PSA without a deal, and lists quotes by filter', async () => {
      const { createQuote: q } = await demo.ok<{ createQuote: Quote }>(CREATE_QUOTE, {
        input: {
          companyId: 'cmp_acme',
          source: 'PSA',
          title: 'Add service: EDR',
          lines: [{ service: 'EDR, per device', quantity: 25, unitPrice: '6.40', billing: 'MONTHLY' }],
        },
      });
      expect(q).toMatchObject({ source: 'PSA', deal: null, subtotal: '160.00', monthlyRecurring: '160.00', total: '160.00' });
      const missing = await demo.fails('BAD_USER_INPUT', CREATE_QUOTE, { input: { companyId: 'cmp_acme' } });
      expect(missing.message).toContain('needs lines');
      await other.fails('NOT_FOUND', CREATE_QUOTE, { input: { companyId: 'cmp_acme', lines: [{ service: 'x', unitPrice: '1' }] } });
      const list = await demo.ok<{ quotes: { edges: { node: { id: string } }[] } }>(
        `{ quotes(filter: { companyId: "cmp_acme", status: [DRAFT] }) { edges { node { id } } } }`,
      );
      expect(list.quotes.edges.map((e) => e.node.id)).toContain(q.id);
      expect((await other.ok<{ quotes: { edges: unknown[] } }>(`{ quotes { edges { node { id } } } }`)).quotes.edges).toEqual([]);
    });
  });

  describe('e-sign', () => {
    it('signing a contract closes its deal as won, in the same change', async () => {
      const dealId = (
        await demo.ok<{ createDeal: { id: string } }>(
          `mutation { createDeal(input: { companyId: "cmp_acme", pipelineId: "pl_demo_new_business", title: "Contracted", value: "1000" }) { id } }`,
        )
      ).createDeal.id;
      const { requestEsignature: doc } = await demo.ok<{ requestEsignature: { id: string; status: string; version: number } }>(REQUEST, {
        input: { title: 'MSA 2027', kind: 'CONTRACT', dealId, signerContactId: 'con_acme_jane' },
      });
      expect(doc).toMatchObject({ status: 'REQUESTED', version: 1 });
      await demo.fails('INVALID_TRANSITION', RECORD, { id: doc.id, v: 1, status: 'SIGNED', signedName: 'Jane Okafor' });
      await demo.ok(RECORD, { id: doc.id, v: 1, status: 'SENT' });
      const noName = await demo.fails('BAD_USER_INPUT', RECORD, { id: doc.id, v: 2, status: 'SIGNED' });
      expect(noName.extensions!['issues']).toEqual([{ path: 'signedName', message: 'must not be empty' }]);
      const { recordEsignEvent: signed } = await demo.ok<{ recordEsignEvent: { status: string; signedName: string; deal: { status: string; stage: string } } }>(
        RECORD,
        {
          id: doc.id,
          v: 2,
          status: 'SIGNED',
          signedName: 'Jane Okafor',
        },
      );
      expect(signed).toMatchObject({ status: 'SIGNED', signedName: 'Jane Okafor', deal: { status: 'WON', stage: 'Won' } });
      const types = () =>
        crmEvents()
          .filter((e) => e.data['documentId'] === doc.id || (e.data['dealId'] === dealId && e.type.startsWith('crm.deal.')))
          .map((e) => e.type);
      await expect
        .poll(types)
        .toEqual(['crm.deal.created', 'crm.esign.requested', 'crm.esign.sent', 'crm.esign.signed', 'crm.deal.stage_changed', 'crm.deal.won']);
      await other.fails('NOT_FOUND', RECORD, { id: doc.id, v: 3, status: 'DECLINED' });
      expect(await other.ok(`query($id: ID!) { esignDocument(id: $id) { id } }`, { id: doc.id })).toEqual({ esignDocument: null });
      const list = await demo.ok<{ esignDocuments: { edges: { node: { id: string } }[] } }>(
        `{ esignDocuments(filter: { status: [SIGNED], kind: [CONTRACT] }) { edges { node { id } } } }`,
      );
      expect(list.esignDocuments.edges.map((e) => e.node.id)).toContain(doc.id);
    });

    it('records a declined addendum with its reason', async () => {
      const { requestEsignature: doc } = await demo.ok<{ requestEsignature: { id: string } }>(REQUEST, {
        input: { title: 'Addendum: +10 seats', kind: 'ADDENDUM', companyId: 'cmp_acme', psaContractRef: 'PSA-CT-77' },
      });
      await demo.ok(RECORD, { id: doc.id, v: 1, status: 'SENT' });
      await demo.ok(RECORD, { id: doc.id, v: 2, status: 'VIEWED' });
      const { recordEsignEvent: d } = await demo.ok<{ recordEsignEvent: { status: string } }>(RECORD, {
        id: doc.id,
        v: 3,
        status: 'DECLINED',
        reason: 'seat count wrong',
      });
      expect(d.status).toBe('DECLINED');
      await expect
        .poll(() => crmEvents().find((e) => e.type === 'crm.esign.declined' && e.data['documentId'] === doc.id)?.data)
        .toMatchObject({
          reason: 'seat count wrong',
          psaContractRef: 'PSA-CT-77',
        });
    });
  });

  describe('health score', () => {
    it('is recomputed when the timeline, CSAT or tickets change, with its history and events', async () => {
      const id = (await demo.ok<{ createCompany: { id: string } }>(`mutation { createCompany(input: { name: "Healthy Co" }) { id } }`)).createCompany.id;
      expect(await demo.ok(HEALTH, { id })).toEqual({ company: { health: null, healthHistory: { edges: [] } } });

      await demo.ok(LOG, { input: { type: 'MEETING', summary: 'QBR', companyId: id } });
      type HealthView = { company: { health: Health; healthHistory: { edges: { node: { score: number; reason: string } }[] } } };
      let { company } = await demo.ok<HealthView>(HEALTH, { id });
      expect(company.health).toMatchObject({
        score: 15,
        engagement: 15,
        csat: null,
        ticketLoad: null,
        billing: null,
        risk: 'HIGH',
        reason: 'activity.meeting',
      });

      const psa = (type: string, data: Record<string, unknown>) =>
        createEnvelope({ type, source: 'onestack/psa', orgid: 'demo', data: { psaClientId: 'psa-9', crmCompanyId: id, ...data } });
      await bus.publish(topicOf('psa'), [
        psa('psa.csat.recorded', { score: 5 }),
        psa('psa.ticket.activity', { ticketId: `T-${randomUUID().slice(0, 6)}`, ticketNumber: 'HC-1', summary: 'Email down', status: 'open' }),
      ]);
      await expect.poll(async () => (await demo.ok<{ company: { health: Health } }>(HEALTH, { id })).company.health.ticketLoad, { timeout: 30_000 }).toBe(88);
      ({ company } = await demo.ok<HealthView>(HEALTH, { id }));
      // engagement 15 ×40, CSAT 100 ×25, tickets 88 (1 open, 1 in 30 days) ×20, no billing: weights 85
      expect(company.health).toMatchObject({
        engagement: 15,
        csat: 100,
        ticketLoad: 88,
        billing: null,
        score: Math.round((15 * 40 + 100 * 25 + 88 * 20) / 85),
      });
      // the two PSA events apply one by one, or together in one batch: then the score is computed once, with the last one's reason
      const reasons = company.healthHistory.edges.map((e) => e.node.reason);
      const oneByOne = reasons.length === 3;
      expect(reasons).toEqual(oneByOne ? ['activity.ticket', 'psa.csat.recorded', 'activity.meeting'] : ['activity.ticket', 'activity.meeting']);
      const changes = () => crmEvents().filter((e) => e.type === 'crm.health.changed' && e.data['companyId'] === id);
      const csatOnly = Math.round((15 * 40 + 100 * 25) / 65);
      await expect
        .poll(() => changes().map((e) => [e.data['previousScore'], e.data['score']]))
        .toEqual(
          oneByOne
            ? [
                [null, 15],
                [15, csatOnly],
                [csatOnly, company.health.score],
              ]
            : [
                [null, 15],
                [15, company.health.score],
              ],
        );
      const risky = await demo.ok<{ companies: { edges: { node: { id: string } }[] } }>(
        `{ companies(filter: { healthBelow: 30 }, first: 100) { edges { node { id } } } }`,
      );
      expect(risky.companies.edges.map((e) => e.node.id)).not.toContain(id);
    });
  });
});
