import { beforeAll, describe, expect, it } from 'vitest';
import type { PsaSimulator } from '@onegraph/simulators';
import { crmClient, type CrmClient } from './crm-client.ts';
import { newCompany, newDeal, usePsaStack, winDeal } from './integrations-psa-helpers.ts';

/**
 * The seed table's "CRM → PSA" rows, one test each, through the gateway on
 * real Kafka with the PSA simulator: what a CRM user does and what PSA then
 * holds or shows (PSA's own calls go through the gateway with its
 * integration key).
 */
interface CompanyView {
  id: string;
  status: string;
  psaSyncState: string;
  psaClientId: string | null;
  version: number;
  statusHistory: { to: string; reason: string | null }[];
}
const COMPANY = `query($id: ID!) { company(id: $id) { id status psaSyncState psaClientId version statusHistory { to reason } } }`;
const PROMOTE = `mutation($id: ID!) { promoteCompanyToClient(companyId: $id) { id status psaSyncState psaClientId version } }`;
const DEAL_PROJECT = `query($id: ID!) { deal(id: $id) { id status createPsaProject psaProject { id name status } } }`;

describe('PSA integration, CRM → PSA', () => {
  const stack = usePsaStack();
  let psa: PsaSimulator;
  let admin: CrmClient;
  beforeAll(async () => {
    psa = stack.simulators.psa;
    admin = crmClient(stack, 'demo', 'Admin');
  });

  const companyView = async (id: string) => (await admin.ok<{ company: CompanyView }>(COMPANY, { id })).company;

  it('Company-to-client promotion: the company, its contacts and contract details sync to PSA, once', async () => {
    const company = await newCompany(admin);
    const deal = await newDeal(admin, company.id);
    await winDeal(admin, deal);

    const { promoteCompanyToClient: promoted } = await admin.ok<{ promoteCompanyToClient: CompanyView }>(PROMOTE, { id: company.id });
    expect(promoted).toMatchObject({ id: company.id, status: 'CUSTOMER', psaSyncState: 'LINKED', psaClientId: expect.stringMatching(/^psa-cl-/) });

    // PSA holds one client: the company, the contact with an email, the recurring service of the won deal
    const clients = psa.clients('demo').filter((c) => c.crmCompanyId === company.id);
    expect(clients).toEqual([
      expect.objectContaining({
        id: promoted.psaClientId,
        name: company.name,
        status: 'active',
        contacts: [expect.objectContaining({ crmContactId: company.withEmail, email: 'dana@example.com', isPrimary: true })],
        contractLines: [{ crmDealId: deal.id, service: 'Managed IT, per user', quantity: '25.00', unitPrice: '95.00', billing: 'MONTHLY' }],
      }),
    ]);
    expect((await companyView(company.id)).statusHistory[0]).toEqual({ to: 'CUSTOMER', reason: `promoted to PSA client ${promoted.psaClientId}` });

    // a retry is safe: the same company back, unchanged, and still one PSA client
    const { promoteCompanyToClient: again } = await admin.ok<{ promoteCompanyToClient: CompanyView }>(PROMOTE, { id: company.id });
    expect(again).toEqual(promoted);
    expect(psa.clients('demo').filter((c) => c.crmCompanyId === company.id)).toHaveLength(1);
    // PSA announced the client once; the integrations read model links it too
    expect(psa.published.filter((e) => e.type === 'psa.client.created' && (e.data as { crmCompanyId: string }).crmCompanyId === company.id)).toHaveLength(1);
    await expect
      .poll(
        async () =>
          (await admin.ok<{ company: { psa: unknown } }>(`query($id: ID!) { company(id: $id) { psa { linked psaClientId } } }`, { id: company.id })).company
            .psa,
        {
          timeout: 20_000,
        },
      )
      .toEqual({ linked: true, psaClientId: promoted.psaClientId });
  });

  it('Deal-to-project creation: a won deal flagged for it opens one PSA project, shown on the deal', async () => {
    const company = await newCompany(admin);
    const deal = await newDeal(admin, company.id, 'Office move project');
    const { requestPsaProject } = await admin.ok<{ requestPsaProject: { createPsaProject: boolean } }>(
      `mutation($id: ID!) { requestPsaProject(dealId: $id) { createPsaProject } }`,
      { id: deal.id },
    );
    expect(requestPsaProject.createPsaProject).toBe(true);
    await winDeal(admin, deal);

    const project = async () => (await admin.ok<{ deal: { psaProject: unknown } }>(DEAL_PROJECT, { id: deal.id })).deal;
    await expect.poll(project, { timeout: 30_000 }).toEqual({
      id: deal.id,
      status: 'WON',
      createPsaProject: true,
      psaProject: { id: expect.stringMatching(/^psa-prj-/), name: 'Office move project', status: 'planned' },
    });
    expect(psa.projects('demo').filter((p) => p.crmDealId === deal.id)).toHaveLength(1);

    // a deal not flagged opens none; a closed deal cannot be flagged any more
    const plain = await newDeal(admin, company.id);
    await winDeal(admin, plain);
    const refused = await admin.fails('INVALID_TRANSITION', `mutation($id: ID!) { requestPsaProject(dealId: $id) { id } }`, { id: plain.id });
    expect(refused.message).toContain('is WON');
    expect((await admin.ok<{ deal: { psaProject: unknown } }>(DEAL_PROJECT, { id: plain.id })).deal.psaProject).toBeNull();
  });

  it('Pipeline context: PSA’s client sidebar shows the company’s open deals and totals', async () => {
    const company = await newCompany(admin);
    const deal = await newDeal(admin, company.id, 'Firewall refresh');
    const { data, errors } = await psa.sidebar('demo', company.id);
    expect(errors).toBeUndefined();
    expect(data!.pipelineSummary).toMatchObject({
      openCount: 1,
      wonCount: 0,
      openDeals: [{ id: deal.id, title: 'Firewall refresh', value: '30000.00', currency: 'USD' }],
      openTotals: [{ currency: 'USD', value: '30000.00' }],
    });
  });

  it('Activity feed: PSA pulls the company’s CRM activity history', async () => {
    const company = await newCompany(admin);
    await admin.ok(`mutation($input: LogActivityInput!) { logActivity(input: $input) { id } }`, {
      input: { type: 'CALL', summary: 'Discussed renewal terms', companyId: company.id, durationSeconds: 300, direction: 'OUTBOUND' },
    });
    const { data, errors } = await psa.sidebar('demo', company.id);
    expect(errors).toBeUndefined();
    expect(data!.company!.activities.edges.map((e) => e.node)).toContainEqual(
      expect.objectContaining({ type: 'CALL', summary: 'Discussed renewal terms', source: 'CRM' }),
    );
  });

  it('Health score: the company’s CRM health score is visible in PSA', async () => {
    const company = await newCompany(admin);
    await admin.ok(`mutation($input: LogActivityInput!) { logActivity(input: $input) { id } }`, {
      input: { type: 'MEETING', summary: 'Quarterly business review', companyId: company.id },
    });
    const crmSees = (
      await admin.ok<{ company: { health: { score: number; risk: string } } }>(`query($id: ID!) { company(id: $id) { health { score risk } } }`, {
        id: company.id,
      })
    ).company.health;
    const { data, errors } = await psa.sidebar('demo', company.id);
    expect(errors).toBeUndefined();
    expect(data!.company!.health).toMatchObject({ score: crmSees.score, risk: crmSees.risk });
    expect(crmSees.score).toBeGreaterThan(0);
  });

  it('Quick quotes: a PSA user creates a CRM quote from the “Add Service” flow', async () => {
    const company = await newCompany(admin);
    const { data, errors } = await psa.quickQuote('demo', { companyId: company.id, service: 'Backup, per server', quantity: '3', unitPrice: '45.00' });
    expect(errors).toBeUndefined();
    expect(data!.createQuote).toMatchObject({
      status: 'DRAFT',
      source: 'PSA',
      total: '135.00',
      company: { id: company.id },
      lines: [{ service: 'Backup, per server', quantity: '3.00', unitPrice: '45.00' }],
    });
    // and the CRM user sees it with the company's quotes
    const { quotes } = await admin.ok<{ quotes: { edges: { node: { id: string; source: string } }[] } }>(
      `query($id: ID!) { quotes(filter: { companyId: $id }) { edges { node { id source } } } }`,
      { id: company.id },
    );
    expect(quotes.edges.map((e) => e.node)).toEqual([{ id: data!.createQuote.id, source: 'PSA' }]);
  });

  it('E-Sign addendums: a contract change in PSA creates an addendum to sign in CRM', async () => {
    const company = await newCompany(admin);
    await psa.changeContract('demo', {
      contractId: 'ctr-addendum-1',
      crmCompanyId: company.id,
      changes: [{ field: 'seats', from: '25', to: '30' }],
    });
    const addenda = async () =>
      (
        await admin.ok<{ esignDocuments: { edges: { node: unknown }[] } }>(
          `query($id: ID!) { esignDocuments(filter: { companyId: $id }) { edges { node { kind status psaContractRef title } } } }`,
          { id: company.id },
        )
      ).esignDocuments.edges.map((e) => e.node);
    await expect
      .poll(addenda, { timeout: 20_000 })
      .toEqual([{ kind: 'ADDENDUM', status: 'REQUESTED', psaContractRef: 'ctr-addendum-1', title: 'Addendum to PSA contract ctr-addendum-1: seats' }]);
  });

  it('with the PSA simulator down, promotion fails with a clear retryable error and nothing half-written; when it is back, a retry succeeds (one PSA client)', async () => {
    const company = await newCompany(admin);
    const before = await companyView(company.id);
    psa.setAvailable(false);
    try {
      const error = await admin.fails('SERVICE_UNAVAILABLE', PROMOTE, { id: company.id });
      expect(error.message).toMatch(/psa is unavailable .*try again later/);
      expect(error.extensions).toMatchObject({ retryable: true });
      expect(await companyView(company.id)).toEqual(before);
      expect(psa.clients('demo').filter((c) => c.crmCompanyId === company.id)).toEqual([]);
    } finally {
      psa.setAvailable(true);
    }
    const { promoteCompanyToClient } = await admin.ok<{ promoteCompanyToClient: CompanyView }>(PROMOTE, { id: company.id });
    // PSA's own psa.client.created may link the company a moment before the promotion records itself: either way, promoted once
    expect(promoteCompanyToClient).toMatchObject({ status: 'CUSTOMER', psaSyncState: 'LINKED' });
    expect((await companyView(company.id)).statusHistory.filter((h) => h.reason?.startsWith('promoted to PSA client'))).toEqual([
      { to: 'CUSTOMER', reason: `promoted to PSA client ${promoteCompanyToClient.psaClientId}` },
    ]);
    expect(
      psa
        .clients('demo')
        .filter((c) => c.crmCompanyId === company.id)
        .map((c) => c.id),
    ).toEqual([promoteCompanyToClient.psaClientId]);
  });

  it('isolation: demo-2 can neither promote demo’s company nor see it, its deals’ projects or PSA’s view of it', async () => {
    const company = await newCompany(admin);
    const deal = await newDeal(admin, company.id);
    const other = crmClient(stack, 'demo-2', 'Admin');
    const refused = await other.fails('NOT_FOUND', PROMOTE, { id: company.id });
    expect(refused.path).toEqual(['promoteCompanyToClient']);
    await other.fails('NOT_FOUND', `mutation($id: ID!) { requestPsaProject(dealId: $id) { id } }`, { id: deal.id });
    expect(await other.ok(DEAL_PROJECT, { id: deal.id })).toEqual({ deal: null });
    // PSA with demo-2's key sees nothing of demo's company
    const { data } = await psa.sidebar('demo-2', company.id);
    expect(data).toEqual({ company: null, pipelineSummary: null });
    expect(psa.clients('demo-2').filter((c) => c.crmCompanyId === company.id)).toEqual([]);
    expect(await companyView(company.id)).toMatchObject({ psaSyncState: 'NOT_LINKED', version: 1 });
  });
});
