import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import type { BooksSimulator, PortalSimulator } from '@onegraph/simulators';
import { graphqlRequest, startTestDnsServer, type TestDnsServer } from '@onegraph/testing';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * CRM + Portal (the seed table's rows, one test each): per-company portal
 * settings pushed to Portal, quotes and documents published there, the
 * clients' views and signatures coming back on the Bus, and Portal reading
 * the company's CRM data through the graph with its own integration key,
 * no more than the toggles allow.
 */

const SETTINGS_FIELDS = `companyId features { pipeline marketing esign quotes invoices } brandName brandColor customDomain customDomainStatus customDomainChallenge { recordName recordValue } url version syncedAt updatedBy`;
const UPDATE = `mutation($companyId: ID!, $input: PortalSettingsInput!) { updatePortalSettings(companyId: $companyId, input: $input) { ${SETTINGS_FIELDS} } }`;
const VERIFY = `mutation($companyId: ID!) { verifyPortalDomain(companyId: $companyId) { ${SETTINGS_FIELDS} } }`;
const PORTAL = `query($id: ID!) { company(id: $id) { id portal { ${SETTINGS_FIELDS} } } }`;
const QUOTE_FIELDS = `id number status shareToken portalUrl viewedAt version`;
const SHARE = `mutation($id: ID!) { shareQuoteViaPortal(quoteId: $id) { ${QUOTE_FIELDS} } }`;
const QUOTE = `query($id: ID!) { quote(id: $id) { ${QUOTE_FIELDS} } }`;
const ESIGN_FIELDS = `id status kind signedName portalUrl deal { id status stageHistory { toStage { name } } }`;
const SEND = `mutation($id: ID!) { sendEsignViaPortal(documentId: $id) { ${ESIGN_FIELDS} } }`;
const ESIGN = `query($id: ID!) { esignDocument(id: $id) { ${ESIGN_FIELDS} } }`;
const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) { createQuote(input: $input) { id number status } }`;

interface Settings {
  companyId: string;
  features: Record<'pipeline' | 'marketing' | 'esign' | 'quotes' | 'invoices', boolean>;
  brandName: string | null;
  brandColor: string | null;
  customDomain: string | null;
  customDomainStatus: 'PENDING' | 'VERIFIED' | null;
  customDomainChallenge: { recordName: string; recordValue: string } | null;
  url: string | null;
  version: number;
  syncedAt: string | null;
  updatedBy: string;
}
interface Quote {
  id: string;
  number: string;
  status: string;
  shareToken: string | null;
  portalUrl: string | null;
  viewedAt: string | null;
  version: number;
}

describe('CRM + Portal, on real Kafka through the gateway', () => {
  // a real DNS server on 127.0.0.1 verifies custom domains; started first, its address filled in before the stack starts
  let dns: TestDnsServer;
  const dnsServers: string[] = [];
  beforeAll(async () => {
    dns = await startTestDnsServer();
    dnsServers.push(dns.address);
  });
  afterAll(async () => dns?.close());
  // One Graph presents the same key (CRM_INTEGRATION_KEY) to every product, one per organisation
  const stack = useStack({ simulators: { portal: true, books: true, calls: { backoffMs: 20, attempts: 2 } }, portalDnsServers: dnsServers });
  let portal: PortalSimulator;
  let books: BooksSimulator;
  let admin: CrmClient;
  let member: CrmClient;
  let admin2: CrmClient;
  const portalKeys: Record<string, string> = {};

  beforeAll(async () => {
    portal = stack.simulators.portal;
    books = stack.simulators.books;
    admin = crmClient(stack, 'demo', 'Admin');
    member = crmClient(stack, 'demo');
    admin2 = crmClient(stack, 'demo-2', 'Admin');
    // Portal's own key into the graph, per organisation: reads only
    for (const org of ['demo', 'demo-2']) {
      const created = await crmClient(stack, org, 'Owner').ok<{ createIntegrationKey: { plaintext: string } }>(
        `mutation($input: CreateIntegrationKeyInput!) { createIntegrationKey(input: $input) { plaintext } }`,
        {
          input: {
            product: 'portal',
            name: 'Client portal',
            scopes: ['crm.companies.read', 'crm.deals.read', 'crm.quotes.read', 'crm.esign.read', 'integrations.books.read', 'integrations.portal.read'],
          },
        },
      );
      portalKeys[org] = created.createIntegrationKey.plaintext;
    }
    portal.connectGraph(stack.urls.graphql, portalKeys);
  });

  const settingsOf = async (client: CrmClient, companyId: string) =>
    (await client.ok<{ company: { portal: Settings | null } | null }>(PORTAL, { id: companyId })).company;
  const update = async (client: CrmClient, companyId: string, input: Record<string, unknown>) =>
    (await client.ok<{ updatePortalSettings: Settings }>(UPDATE, { companyId, input })).updatePortalSettings;

  it('Feature toggles: which CRM features each portal shows, set by an Owner or Admin and pushed to Portal', async () => {
    expect(await settingsOf(member, 'cmp_cobalt')).toEqual({ id: 'cmp_cobalt', portal: null });
    const first = await update(admin, 'cmp_cobalt', { features: { pipeline: true, esign: true } });
    expect(first).toMatchObject({
      companyId: 'cmp_cobalt',
      features: { pipeline: true, marketing: false, esign: true, quotes: false, invoices: false },
      version: 1,
      updatedBy: 'user-demo',
      url: 'https://portal.onestack.test/demo/cmp_cobalt',
    });
    expect(first.syncedAt).not.toBeNull();
    // toggles left out keep their value
    const second = await update(admin, 'cmp_cobalt', { features: { esign: false, marketing: true } });
    expect(second).toMatchObject({ features: { pipeline: true, marketing: true, esign: false, quotes: false, invoices: false }, version: 2 });
    // Portal has what the graph shows; every push carried an idempotency key
    expect(portal.portal('demo', 'cmp_cobalt')?.features).toEqual(second.features);
    expect(portal.calls.filter((c) => c.method === 'PUT' && c.path === '/api/portals/cmp_cobalt').map((c) => c.idempotencyKey)).toEqual([
      'portal-settings:cmp_cobalt:1',
      'portal-settings:cmp_cobalt:2',
    ]);
    expect((await settingsOf(member, 'cmp_cobalt'))!.portal).toEqual(second);

    // a Member may read but not change them
    await member.fails('FORBIDDEN', UPDATE, { companyId: 'cmp_cobalt', input: { features: { quotes: true } } });
    // Portal down: refused with SERVICE_UNAVAILABLE, nothing saved
    portal.setAvailable(false);
    try {
      await admin.fails('SERVICE_UNAVAILABLE', UPDATE, { companyId: 'cmp_cobalt', input: { features: { quotes: true } } });
    } finally {
      portal.setAvailable(true);
    }
    expect((await settingsOf(member, 'cmp_cobalt'))!.portal).toMatchObject({ version: 2, features: { quotes: false } });
    // bad branding is refused naming the field
    const color = await admin.fails('BAD_USER_INPUT', UPDATE, { companyId: 'cmp_cobalt', input: { brandColor: 'blue' } });
    expect(color.extensions?.['issues']).toEqual([expect.objectContaining({ path: 'input.brandColor' })]);
    await admin.fails('BAD_USER_INPUT', UPDATE, { companyId: 'cmp_cobalt', input: { brandName: ' ' } });
  });

  it('Custom domains: each portal can have its own domain, pending until proven by a DNS TXT record, then used by no other portal of any organisation', async () => {
    const set = await update(admin, 'cmp_acme', { customDomain: 'Clients.AcmeMSP.com', brandName: 'Acme Client Hub' });
    // claimed, not proven: Portal keeps serving its own address
    expect(set).toMatchObject({
      customDomain: 'clients.acmemsp.com',
      customDomainStatus: 'PENDING',
      customDomainChallenge: { recordName: '_onestack-challenge.clients.acmemsp.com', recordValue: expect.stringMatching(/^[\w-]{32}$/) },
      url: 'https://portal.onestack.test/demo/cmp_acme',
      brandName: 'Acme Client Hub',
    });
    expect(portal.portal('demo', 'cmp_acme')?.customDomain).toBeNull();
    const demoToken = set.customDomainChallenge!.recordValue;

    for (const bad of [
      'https://clients.acmemsp.com',
      'clients.acmemsp.com/login',
      'localhost',
      '*.acmemsp.com',
      '10.0.0.1',
      'bad_domain.com',
      '-x.example.com',
    ]) {
      const error = await admin.fails('BAD_USER_INPUT', UPDATE, { companyId: 'cmp_brightline', input: { customDomain: bad } });
      expect(error.extensions?.['issues'], bad).toEqual([expect.objectContaining({ path: 'input.customDomain' })]);
    }
    // a pending claim blocks nobody: demo-2 claims the same domain, with a token of its own
    const rival = await update(admin2, 'cmp_northwind', { customDomain: 'CLIENTS.acmemsp.com' });
    expect(rival).toMatchObject({ customDomain: 'clients.acmemsp.com', customDomainStatus: 'PENDING' });
    const demo2Token = rival.customDomainChallenge!.recordValue;
    expect(demo2Token).not.toBe(demoToken);

    // no record yet, or one without the token: not proven
    await admin.fails('BAD_USER_INPUT', VERIFY, { companyId: 'cmp_acme' });
    dns.setTxt('_onestack-challenge.clients.acmemsp.com', ['someone-else']);
    await admin.fails('BAD_USER_INPUT', VERIFY, { companyId: 'cmp_acme' });
    expect(dns.queries).toContain('_onestack-challenge.clients.acmemsp.com');
    // the owner publishes demo's token: verified, and pushed to Portal
    dns.setTxt('_onestack-challenge.clients.acmemsp.com', [demoToken]);
    const verified = (await admin.ok<{ verifyPortalDomain: Settings }>(VERIFY, { companyId: 'cmp_acme' })).verifyPortalDomain;
    expect(verified).toMatchObject({ customDomainStatus: 'VERIFIED', customDomainChallenge: null, url: 'https://clients.acmemsp.com' });
    expect(portal.portal('demo', 'cmp_acme')?.customDomain).toBe('clients.acmemsp.com');
    // a Member may not verify
    await member.fails('FORBIDDEN', VERIFY, { companyId: 'cmp_acme' });

    // verified by demo: CONFLICT for everyone else, without saying whose, even with demo-2's own record published
    dns.setTxt('_onestack-challenge.clients.acmemsp.com', [demoToken, demo2Token]);
    const taken = await admin2.fails('CONFLICT', VERIFY, { companyId: 'cmp_northwind' });
    expect(taken.message).not.toMatch(/cmp_acme|demo/);
    await admin2.fails('CONFLICT', UPDATE, { companyId: 'cmp_northwind', input: { customDomain: 'clients.acmemsp.com', brandName: 'x' } });
    await admin.fails('CONFLICT', UPDATE, { companyId: 'cmp_brightline', input: { customDomain: 'clients.acmemsp.com' } });
    expect(portal.portal('demo-2', 'cmp_northwind')?.customDomain).toBeNull();
    // keeping one's own domain is no conflict and keeps it verified; releasing it frees it for others
    expect(await update(admin, 'cmp_acme', { customDomain: 'clients.acmemsp.com', brandColor: '#0a7cff' })).toMatchObject({
      customDomainStatus: 'VERIFIED',
      brandColor: '#0A7CFF',
    });
    expect(await update(admin, 'cmp_acme', { customDomain: null })).toMatchObject({
      customDomain: null,
      customDomainStatus: null,
      url: 'https://portal.onestack.test/demo/cmp_acme',
    });
    expect((await admin2.ok<{ verifyPortalDomain: Settings }>(VERIFY, { companyId: 'cmp_northwind' })).verifyPortalDomain).toMatchObject({
      customDomain: 'clients.acmemsp.com',
      customDomainStatus: 'VERIFIED',
    });
    expect(portal.portal('demo-2', 'cmp_northwind')?.url).toBe('https://clients.acmemsp.com');
  });

  it('Custom domains: only for a company of the caller’s organisation (another organisation’s, or none, is NOT_FOUND, nothing claimed)', async () => {
    const portalPuts = () => portal.calls.filter((c) => c.method === 'PUT').length;
    const before = portalPuts();
    // demo-2 cannot claim a domain for demo's company, nor for a company nobody has
    const foreign = await admin2.fails('NOT_FOUND', UPDATE, { companyId: 'cmp_brightline', input: { customDomain: 'portal.brightline.example' } });
    expect(foreign.message).not.toMatch(/demo\b/);
    await admin2.fails('NOT_FOUND', UPDATE, { companyId: 'cmp_nobody', input: { customDomain: 'portal.nobody.example' } });
    // nor verify one: there is nothing of demo-2's to verify
    await admin2.fails('BAD_USER_INPUT', VERIFY, { companyId: 'cmp_brightline' });
    expect(portalPuts()).toBe(before);
    expect(portal.portal('demo-2', 'cmp_brightline')).toBeUndefined();
    expect(await settingsOf(admin, 'cmp_brightline')).toEqual({ id: 'cmp_brightline', portal: null });
    // a company created a moment ago is known at once
    const created = await admin2.ok<{ createCompany: { id: string } }>(`mutation { createCompany(input: { name: "Fresh Start Ltd" }) { id } }`);
    expect(await update(admin2, created.createCompany.id, { customDomain: 'clients.freshstart.example' })).toMatchObject({
      companyId: created.createCompany.id,
      customDomainStatus: 'PENDING',
    });
  });

  it('White-labeled access: clients see their CRM data on a branded portal, read by Portal with its own key, only what the toggles allow', async () => {
    await update(admin, 'cmp_acme', {
      brandName: 'Acme Client Hub',
      brandColor: '#112233',
      features: { pipeline: true, quotes: true, esign: false, invoices: true },
    });
    await books.issueInvoice('demo', { crmCompanyId: 'cmp_acme', total: '420.00', issuedAt: '2026-11-02T10:00:00Z' });
    await expect
      .poll(async () => ((await portal.clientView('demo', 'cmp_acme')).company?.['invoices'] as unknown[] | undefined)?.length, { timeout: 30_000 })
      .toBe(1);

    const view = await portal.clientView('demo', 'cmp_acme');
    expect(view.errors).toBeUndefined();
    expect(view.branding).toEqual({ name: 'Acme Client Hub', color: '#112233', url: 'https://portal.onestack.test/demo/cmp_acme' });
    expect(view.company).toMatchObject({
      id: 'cmp_acme',
      name: 'Acme Dental Group',
      deals: expect.arrayContaining([expect.objectContaining({ id: 'deal_acme_managed', stage: 'Negotiation', value: '48000.00' })]),
      quotes: [expect.objectContaining({ number: 'Q-1001', status: 'SENT', shareToken: 'demo-share-acme-q1001' })],
      invoices: [expect.objectContaining({ total: '420.00', status: 'ISSUED' })],
    });
    expect(view.documents).toBeUndefined();

    // toggled off: not even asked for
    await update(admin, 'cmp_acme', { features: { pipeline: false, invoices: false, esign: true } });
    const narrowed = await portal.clientView('demo', 'cmp_acme');
    expect(Object.keys(narrowed.company!).sort()).toEqual(['id', 'name', 'quotes']);
    expect(narrowed.documents).toEqual([]);

    // Portal's key reads, nothing more, and only its own organisation
    const write = await asPortal(
      'demo',
      'cmp_acme',
      `mutation { updatePortalSettings(companyId: "cmp_acme", input: { features: { pipeline: true } }) { version } }`,
    );
    expect(codesOf(write)).toEqual(['FORBIDDEN']);
    // demo-2's Portal has no portal of cmp_acme to act for
    const foreign = await asPortal('demo-2', 'cmp_acme', `{ company(id: "cmp_acme") { id name } }`);
    expect(foreign.status).toBe(403);
    expect(codesOf(foreign)).toEqual(['FORBIDDEN']);
    // nor does a plain graphqlRequest without the key get anything
    expect((await graphqlRequest(stack.urls.graphql, `{ company(id: "cmp_acme") { id } }`, {})).status).toBe(401);
  });

  /** A call as Portal makes it: its key, and the client company it acts for (or none). */
  const asPortal = async (org: string, company: string | undefined, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(stack.urls.graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-integration-key': portalKeys[org]!, ...(company ? { 'x-portal-company': company } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
    return { status: res.status, ...body };
  };
  const codesOf = (body: { errors?: { extensions?: { code?: string } }[] }) => (body.errors ?? []).map((e) => e.extensions?.code);

  it('Portal acts for one client company: its calls name it, and the graph answers only that company, as its toggles allow', async () => {
    await update(admin, 'cmp_acme', { features: { pipeline: false, quotes: true, esign: false, invoices: false } });
    await update(admin, 'cmp_cobalt', { features: { pipeline: true } });
    const draft = await member.ok<{ createQuote: { id: string; status: string } }>(CREATE_QUOTE, {
      input: { dealId: 'deal_acme_managed', title: 'Draft, not for the client' },
    });
    expect(draft.createQuote.status).toBe('DRAFT');

    // a call that names no company, or one without a portal here, is refused before anything is read
    const unnamed = await asPortal('demo', undefined, `{ company(id: "cmp_acme") { id } }`);
    expect([unnamed.status, codesOf(unnamed)]).toEqual([403, ['FORBIDDEN']]);
    const noPortal = await asPortal('demo', 'cmp_brightline', `{ company(id: "cmp_brightline") { id } }`);
    expect([noPortal.status, codesOf(noPortal)]).toEqual([403, ['FORBIDDEN']]);

    // acting for Acme: Acme's shared quotes, never a draft
    const own = await asPortal('demo', 'cmp_acme', `{ company(id: "cmp_acme") { id quotes { number status } } }`);
    expect(own.errors).toBeUndefined();
    const quotes = (own.data?.['company'] as { quotes: { number: string; status: string }[] }).quotes;
    expect(quotes).toContainEqual({ number: 'Q-1001', status: 'SENT' });
    expect(quotes.filter((q) => q.status === 'DRAFT')).toEqual([]);

    // another company of the same MSP (with a portal of its own) is NOT_FOUND to Acme's portal
    const other = await asPortal('demo', 'cmp_acme', `{ company(id: "cmp_cobalt") { id name } }`);
    expect(codesOf(other)).toEqual(['NOT_FOUND']);
    expect(other.data).toEqual({ company: null });
    const otherDocs = await asPortal('demo', 'cmp_acme', `{ esignDocuments(first: 5, filter: { companyId: "cmp_cobalt" }) { edges { node { id } } } }`);
    expect(codesOf(otherDocs)).toContain('NOT_FOUND');
    // lists across the organisation are not open to it at all
    for (const query of [`{ companies(first: 5) { edges { node { id } } } }`, `{ deals(first: 5) { edges { node { id } } } }`]) {
      expect(codesOf(await asPortal('demo', 'cmp_acme', query))).toEqual(['FORBIDDEN']);
    }

    // the toggles hold for reads too: pipeline and invoices are off for Acme
    expect(codesOf(await asPortal('demo', 'cmp_acme', `{ company(id: "cmp_acme") { id deals { id } } }`))).toEqual(['FORBIDDEN']);
    expect(codesOf(await asPortal('demo', 'cmp_acme', `{ company(id: "cmp_acme") { id invoices { id } } }`))).toEqual(['FORBIDDEN']);
    // Cobalt's portal shows its pipeline
    const cobalt = await asPortal('demo', 'cmp_cobalt', `{ company(id: "cmp_cobalt") { id deals { id } } }`);
    expect(cobalt.errors).toBeUndefined();

    // demo-2's Portal, acting for its own client, sees nothing of demo's
    await update(admin2, 'cmp_northwind', { features: { pipeline: true } });
    const crossOrg = await asPortal('demo-2', 'cmp_northwind', `{ company(id: "cmp_acme") { id } }`);
    expect(codesOf(crossOrg)).toEqual(['NOT_FOUND']);
    expect(crossOrg.data).toEqual({ company: null });
    expect((await asPortal('demo-2', 'cmp_northwind', `{ company(id: "cmp_northwind") { id name } }`)).data).toEqual({
      company: { id: 'cmp_northwind', name: 'Northwind Clinics' },
    });
  });

  it('Quote sharing: quotes are shared via the portal when its quotes toggle is on, and the client viewing one marks it viewed, once', async () => {
    const { createQuote: quote } = await member.ok<{ createQuote: { id: string; number: string; status: string } }>(CREATE_QUOTE, {
      input: { dealId: 'deal_bright_m365' },
    });
    expect(quote.status).toBe('DRAFT');
    // no portal yet, then a portal without quotes
    const none = await member.fails('FORBIDDEN', SHARE, { id: quote.id });
    expect(none.message).toContain('has no client portal');
    await update(admin, 'cmp_brightline', { features: { quotes: false, pipeline: true } });
    const off = await member.fails('FORBIDDEN', SHARE, { id: quote.id });
    expect(off.message).toContain('"quotes" feature');
    expect((await member.ok<{ quote: Quote }>(QUOTE, { id: quote.id })).quote.status).toBe('DRAFT');
    expect(portal.sharedQuotes('demo')).toEqual([]);

    await update(admin, 'cmp_brightline', { features: { quotes: true } });
    const { shareQuoteViaPortal: shared } = await member.ok<{ shareQuoteViaPortal: Quote }>(SHARE, { id: quote.id });
    expect(shared).toMatchObject({ status: 'SENT', viewedAt: null });
    expect(shared.shareToken).toBeTruthy();
    expect(shared.portalUrl).toBe(`https://portal.onestack.test/demo/cmp_brightline/quotes/${shared.shareToken}`);
    // shared again (a retry): Portal publishes it once
    await member.ok(SHARE, { id: quote.id });
    expect(portal.sharedQuotes('demo').filter((q) => q.quoteId === quote.id)).toHaveLength(1);
    expect(portal.sharedQuotes('demo')[0]).toMatchObject({ number: quote.number, shareToken: shared.shareToken });
    // the share token finds it
    const byToken = await member.ok<{ quoteByShareToken: { id: string } }>(`query($t: String!) { quoteByShareToken(token: $t) { id } }`, {
      t: shared.shareToken,
    });
    expect(byToken.quoteByShareToken.id).toBe(quote.id);

    const viewed = await portal.viewQuote('demo', quote.id);
    await expect.poll(async () => (await member.ok<{ quote: Quote }>(QUOTE, { id: quote.id })).quote.status, { timeout: 30_000 }).toBe('VIEWED');
    const once = (await member.ok<{ quote: Quote }>(QUOTE, { id: quote.id })).quote;
    expect(once.viewedAt).not.toBeNull();
    // the same event again, and a second view: nothing changes. A second quote viewed after them shows they were consumed.
    await stack.bus.publish(topicOf('portal'), viewed);
    await portal.viewQuote('demo', quote.id);
    const { createQuote: later } = await member.ok<{ createQuote: { id: string } }>(CREATE_QUOTE, { input: { dealId: 'deal_bright_m365' } });
    await member.ok(SHARE, { id: later.id });
    await portal.viewQuote('demo', later.id);
    await expect.poll(async () => (await member.ok<{ quote: Quote }>(QUOTE, { id: later.id })).quote.status, { timeout: 30_000 }).toBe('VIEWED');
    expect((await member.ok<{ quote: Quote }>(QUOTE, { id: quote.id })).quote).toEqual(once);

    // isolation: demo-2 cannot share demo's quote
    await crmClient(stack, 'demo-2').fails('NOT_FOUND', SHARE, { id: quote.id });
  });

  it('E-Sign: clients sign documents through the portal; a signed contract closes its deal as won, once', async () => {
    const { createDeal: deal } = await member.ok<{ createDeal: { id: string } }>(
      `mutation { createDeal(input: { title: "Portal contract", companyId: "cmp_cobalt", pipelineId: "pl_demo_new_business", value: "3000" }) { id } }`,
    );
    const { requestEsignature: doc } = await member.ok<{ requestEsignature: { id: string } }>(
      `mutation($deal: ID!) { requestEsignature(input: { title: "MSA", kind: CONTRACT, dealId: $deal }) { id } }`,
      { deal: deal.id },
    );
    // cmp_cobalt's portal has e-sign off (first test)
    const off = await member.fails('FORBIDDEN', SEND, { id: doc.id });
    expect(off.message).toContain('"esign" feature');
    await update(admin, 'cmp_cobalt', { features: { esign: true } });
    const { sendEsignViaPortal: sent } = await member.ok<{ sendEsignViaPortal: Record<string, unknown> }>(SEND, { id: doc.id });
    expect(sent).toMatchObject({
      status: 'SENT',
      portalUrl: `https://portal.onestack.test/demo/cmp_cobalt/sign/${doc.id}`,
      deal: { id: deal.id, status: 'OPEN' },
    });
    expect(portal.documents('demo').map((d) => d.documentId)).toContain(doc.id);

    const signed = await portal.signDocument('demo', doc.id, { name: 'Dana Cobalt', email: 'dana@cobaltlogistics.io' });
    await expect
      .poll(async () => (await member.ok<{ esignDocument: { status: string } }>(ESIGN, { id: doc.id })).esignDocument.status, { timeout: 30_000 })
      .toBe('SIGNED');
    // the same signature reported again changes nothing
    await stack.bus.publish(topicOf('portal'), [signed, signed]);
    const { createQuote: q } = await member.ok<{ createQuote: { id: string } }>(CREATE_QUOTE, {
      input: { companyId: 'cmp_cobalt', lines: [{ service: 'Sentinel', unitPrice: '1' }] },
    });
    await update(admin, 'cmp_cobalt', { features: { quotes: true } });
    await member.ok(SHARE, { id: q.id });
    await portal.viewQuote('demo', q.id);
    await expect.poll(async () => (await member.ok<{ quote: Quote }>(QUOTE, { id: q.id })).quote.status, { timeout: 30_000 }).toBe('VIEWED');

    const { esignDocument } = await member.ok<{
      esignDocument: { signedName: string; deal: { status: string; stageHistory: { toStage: { name: string } }[] } };
    }>(ESIGN, { id: doc.id });
    expect(esignDocument).toMatchObject({ status: 'SIGNED', signedName: 'Dana Cobalt', deal: { id: deal.id, status: 'WON' } });
    expect(esignDocument.deal.stageHistory.filter((s) => s.toStage.name === 'Won')).toHaveLength(1);

    // isolation: demo-2 can neither send nor see demo's document
    await crmClient(stack, 'demo-2').fails('NOT_FOUND', SEND, { id: doc.id });
    expect((await crmClient(stack, 'demo-2').ok<{ esignDocument: unknown }>(ESIGN, { id: doc.id })).esignDocument).toBeNull();
  });

  it('isolation: demo-2 neither sees nor changes demo’s portals', async () => {
    const before = (await settingsOf(admin, 'cmp_acme'))!.portal;
    expect(await settingsOf(admin2, 'cmp_acme')).toBeNull();
    // demo-2 writing under demo's company id is refused as for a company nobody has, and changes nothing anywhere
    await admin2.fails('NOT_FOUND', UPDATE, { companyId: 'cmp_acme', input: { features: { pipeline: true, quotes: true, esign: true, invoices: true } } });
    expect((await settingsOf(admin, 'cmp_acme'))!.portal).toEqual(before);
    expect(portal.portal('demo-2', 'cmp_acme')).toBeUndefined();
    expect(portal.portal('demo', 'cmp_acme')?.features).toEqual(before!.features);
  });
});
