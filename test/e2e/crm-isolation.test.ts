import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@onegraph/bus';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * Tenant isolation on every root field: a user of `demo-2` sees nothing of
 * `demo`, by id or by list, and cannot change it (NOT_FOUND, as for an id
 * that does not exist). `demo`'s own view is checked alongside, so an empty
 * answer proves isolation rather than a broken query.
 */
describe('tenant isolation on every crm root field', () => {
  const stack = useStack({ bus: createMemoryBus() });
  let demo: CrmClient;
  let other: CrmClient;
  const ids = { quote: 'quo_acme_1001', esign: '', activity: 'act_acme_note' };

  beforeAll(async () => {
    // Admins: managing pipelines, promoting and deleting need more than a Member's crm.*.write
    demo = crmClient(stack, 'demo', 'Admin');
    other = crmClient(stack, 'demo-2', 'Admin');
    ids.esign = (
      await demo.ok<{ requestEsignature: { id: string } }>(
        `mutation { requestEsignature(input: { title: "NDA", kind: POLICY, companyId: "cmp_acme" }) { id } }`,
      )
    ).requestEsignature.id;
  });

  const byId = (ids: { quote: string; esign: string; activity: string }) => `{
    company(id: "cmp_acme") { id } contact(id: "con_acme_jane") { id } deal(id: "deal_acme_managed") { id }
    pipeline(id: "pl_demo_new_business") { id } activity(id: "${ids.activity}") { id } quote(id: "${ids.quote}") { id }
    esignDocument(id: "${ids.esign}") { id } pipelineSummary(companyId: "cmp_acme") { openCount }
    quoteByShareToken(token: "demo-share-acme-q1001") { id } contactByPhone(phone: "+14155550101") { id }
  }`;

  it('by id: every field answers demo, and null to demo-2', async () => {
    const mine = await demo.ok<Record<string, unknown>>(byId(ids));
    expect(Object.entries(mine).filter(([, v]) => v === null)).toEqual([]);
    const theirs = await other.ok<Record<string, unknown>>(byId(ids));
    expect(theirs).toEqual({
      company: null,
      contact: null,
      deal: null,
      pipeline: null,
      activity: null,
      quote: null,
      esignDocument: null,
      pipelineSummary: null,
      quoteByShareToken: null,
      contactByPhone: null,
    });
  });

  it('by list: no demo id in any of demo-2’s lists', async () => {
    const lists = [
      `{ companies(first: 100) { edges { node { id } } } contacts(first: 100) { edges { node { id } } } deals(first: 100) { edges { node { id } } } }`,
      `{ pipelines(first: 100) { edges { node { id } } } activities(first: 100) { edges { node { id } } } }`,
      `{ quotes(first: 100) { edges { node { id } } } esignDocuments(first: 100) { edges { node { id } } } }`,
    ];
    type Lists = Record<string, { edges: { node: { id: string } }[] }>;
    const idsOf = (data: Lists) => Object.values(data).flatMap((c) => c.edges.map((e) => e.node.id));
    const all = async (client: CrmClient) => (await Promise.all(lists.map((q) => client.ok<Lists>(q)))).flatMap(idsOf);
    const mine = await all(demo);
    expect(mine).toEqual(
      expect.arrayContaining(['cmp_acme', 'con_acme_jane', 'deal_acme_managed', 'pl_demo_new_business', 'act_acme_note', ids.quote, ids.esign]),
    );
    const theirs = await all(other);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.filter((id) => mine.includes(id))).toEqual([]);
    // filters naming demo's records find nothing either
    const filtered = await other.ok<Lists>(`{
      contacts(filter: { companyId: "cmp_acme" }) { edges { node { id } } } deals(filter: { companyId: "cmp_acme" }) { edges { node { id } } }
      activities(filter: { companyId: "cmp_acme" }) { edges { node { id } } } quotes(filter: { dealId: "deal_acme_managed" }) { edges { node { id } } }
      esignDocuments(filter: { companyId: "cmp_acme" }) { edges { node { id } } }
    }`);
    expect(idsOf(filtered)).toEqual([]);
  });

  it('every mutation on demo’s records answers NOT_FOUND to demo-2 and changes nothing', async () => {
    const attempts: [string, string][] = [
      ['updateCompany', `mutation { updateCompany(id: "cmp_acme", expectedVersion: 1, input: { name: "x" }) { id } }`],
      ['promoteCompanyToClient', `mutation { promoteCompanyToClient(companyId: "cmp_cobalt") { id } }`],
      ['requestPsaProject', `mutation { requestPsaProject(dealId: "deal_acme_managed") { id } }`],
      ['createContact', `mutation { createContact(input: { companyId: "cmp_acme", firstName: "x" }) { id } }`],
      ['updateContact', `mutation { updateContact(id: "con_acme_jane", expectedVersion: 1, input: { title: "x" }) { id } }`],
      ['deleteContact', `mutation { deleteContact(id: "con_acme_raj", expectedVersion: 1) }`],
      ['updatePipeline', `mutation { updatePipeline(id: "pl_demo_new_business", expectedVersion: 1, input: { name: "x" }) { id } }`],
      ['createDeal', `mutation { createDeal(input: { title: "x", companyId: "cmp_acme", pipelineId: "pl_demo_new_business" }) { id } }`],
      ['updateDeal', `mutation { updateDeal(id: "deal_acme_managed", expectedVersion: 1, input: { title: "x" }) { id } }`],
      ['moveDeal', `mutation { moveDeal(id: "deal_acme_managed", expectedVersion: 1, stageId: "stg_demo_nb_won") { id } }`],
      ['reopenDeal', `mutation { reopenDeal(id: "deal_acme_managed", expectedVersion: 1, stageId: "stg_demo_nb_lead") { id } }`],
      ['setDealLineItems', `mutation { setDealLineItems(id: "deal_acme_managed", expectedVersion: 1, items: []) { id } }`],
      ['logActivity', `mutation { logActivity(input: { type: NOTE, summary: "x", companyId: "cmp_acme" }) { id } }`],
      ['createQuote', `mutation { createQuote(input: { dealId: "deal_acme_managed" }) { id } }`],
      ['updateQuote', `mutation { updateQuote(id: "quo_acme_1001", expectedVersion: 1, input: { title: "x" }) { id } }`],
      ['setQuoteStatus', `mutation { setQuoteStatus(id: "quo_acme_1001", expectedVersion: 1, status: ACCEPTED) { id } }`],
      ['requestEsignature', `mutation { requestEsignature(input: { title: "x", kind: CONTRACT, dealId: "deal_acme_managed" }) { id } }`],
      ['recordEsignEvent', `mutation { recordEsignEvent(id: "${ids.esign}", expectedVersion: 1, status: SENT) { id } }`],
    ];
    for (const [field, mutation] of attempts) {
      const error = await other.fails('NOT_FOUND', mutation);
      expect(error.path, field).toEqual([field]);
    }
    const after = await demo.ok<{ company: { name: string; version: number }; deal: { status: string; version: number }; quote: { status: string } }>(
      `{ company(id: "cmp_acme") { name version } deal(id: "deal_acme_managed") { status version } quote(id: "quo_acme_1001") { status } }`,
    );
    expect(after).toEqual({ company: { name: 'Acme Dental Group', version: 1 }, deal: { status: 'OPEN', version: 1 }, quote: { status: 'SENT' } });
  });

  it('every mutation that takes a version refuses a stale one with STALE_VERSION and the current version, writing nothing', async () => {
    const stale: [string, string][] = [
      ['updateCompany', `mutation { updateCompany(id: "cmp_acme", expectedVersion: 99, input: { name: "x" }) { id } }`],
      ['updateContact', `mutation { updateContact(id: "con_acme_raj", expectedVersion: 99, input: { title: "x" }) { id } }`],
      ['deleteContact', `mutation { deleteContact(id: "con_acme_raj", expectedVersion: 99) }`],
      ['updatePipeline', `mutation { updatePipeline(id: "pl_demo_renewals", expectedVersion: 99, input: { name: "x" }) { id } }`],
      ['updateDeal', `mutation { updateDeal(id: "deal_acme_managed", expectedVersion: 99, input: { title: "x" }) { id } }`],
      ['moveDeal', `mutation { moveDeal(id: "deal_acme_managed", expectedVersion: 99, stageId: "stg_demo_nb_proposal") { id } }`],
      ['reopenDeal', `mutation { reopenDeal(id: "deal_acme_managed", expectedVersion: 99, stageId: "stg_demo_nb_lead") { id } }`],
      ['setDealLineItems', `mutation { setDealLineItems(id: "deal_acme_managed", expectedVersion: 99, items: []) { id } }`],
      ['updateQuote', `mutation { updateQuote(id: "quo_acme_1001", expectedVersion: 99, input: { title: "x" }) { id } }`],
      ['setQuoteStatus', `mutation { setQuoteStatus(id: "quo_acme_1001", expectedVersion: 99, status: ACCEPTED) { id } }`],
      ['recordEsignEvent', `mutation { recordEsignEvent(id: "${ids.esign}", expectedVersion: 99, status: SENT) { id } }`],
    ];
    for (const [field, mutation] of stale) {
      const error = await demo.fails('STALE_VERSION', mutation);
      expect(error.extensions, field).toMatchObject({ currentVersion: 1, expectedVersion: 99 });
    }
    const after = await demo.ok<{ deal: { version: number; stage: string }; contact: { version: number } }>(
      `{ deal(id: "deal_acme_managed") { version stage } contact(id: "con_acme_raj") { version } }`,
    );
    expect(after).toEqual({ deal: { version: 1, stage: 'Negotiation' }, contact: { version: 1 } });
  });

  it('every mutation refuses invalid input with BAD_USER_INPUT naming the field', async () => {
    const invalid: [string, string, string][] = [
      ['createCompany', `mutation { createCompany(input: { name: " " }) { id } }`, 'input.name'],
      ['updateCompany', `mutation { updateCompany(id: "cmp_acme", expectedVersion: 1, input: { website: "acme" }) { id } }`, 'input.website'],
      ['createContact', `mutation { createContact(input: { companyId: "cmp_acme", firstName: "" }) { id } }`, 'input.firstName'],
      ['updateContact', `mutation { updateContact(id: "con_acme_raj", expectedVersion: 1, input: { emails: ["raj"] }) { id } }`, 'input.emails.0'],
      [
        'createPipeline',
        `mutation { createPipeline(input: { name: "P", stages: [{ name: "A", probability: 150 }, { name: "W", probability: 100, kind: WON }, { name: "L", probability: 0, kind: LOST }] }) { id } }`,
        'input.stages.0.probability',
      ],
      [
        'updatePipeline',
        `mutation { updatePipeline(id: "pl_demo_renewals", expectedVersion: 1, input: { stages: [{ id: "stg_demo_nb_lead", name: "A", probability: 10 }, { name: "W", probability: 100, kind: WON }, { name: "L", probability: 0, kind: LOST }] }) { id } }`,
        'input.stages.0.id',
      ],
      ['createDeal', `mutation { createDeal(input: { title: "", companyId: "cmp_acme", pipelineId: "pl_demo_new_business" }) { id } }`, 'input.title'],
      ['updateDeal', `mutation { updateDeal(id: "deal_acme_managed", expectedVersion: 1, input: { probability: 101 }) { id } }`, 'input.probability'],
      ['moveDeal', `mutation { moveDeal(id: "deal_acme_managed", expectedVersion: 1, stageId: "stg_demo_nb_lost") { id } }`, 'reason'],
      [
        'setDealLineItems',
        `mutation { setDealLineItems(id: "deal_acme_managed", expectedVersion: 1, items: [{ service: "x", unitPrice: "1", glAccount: "GL-1" }]) { id } }`,
        'items.0.glAccount',
      ],
      ['logActivity', `mutation { logActivity(input: { type: NOTE, summary: "", companyId: "cmp_acme" }) { id } }`, 'input.summary'],
      ['createQuote', `mutation { createQuote(input: { dealId: "deal_acme_managed", taxRate: "101" }) { id } }`, 'input.taxRate'],
      ['updateQuote', `mutation { updateQuote(id: "quo_acme_1001", expectedVersion: 1, input: { validUntil: "soon" }) { id } }`, 'input.validUntil'],
      [
        'setQuoteStatus',
        `mutation { setQuoteStatus(id: "quo_acme_1001", expectedVersion: 1, status: DECLINED, reason: "${'x'.repeat(501)}") { id } }`,
        'reason',
      ],
      [
        'requestEsignature',
        `mutation { requestEsignature(input: { title: "NDA", kind: POLICY, companyId: "cmp_acme", signerEmail: "not-an-email" }) { id } }`,
        'input.signerEmail',
      ],
      [
        'recordEsignEvent',
        `mutation { recordEsignEvent(id: "${ids.esign}", expectedVersion: 1, status: SENT, reason: "${'x'.repeat(501)}") { id } }`,
        'reason',
      ],
    ];
    for (const [field, mutation, path] of invalid) {
      const error = await demo.fails('BAD_USER_INPUT', mutation);
      expect(
        (error.extensions?.['issues'] as { path: string }[] | undefined)?.map((i) => i.path),
        field,
      ).toContain(path);
    }
  });
});
