import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@onegraph/bus';
import { crmClient, type CrmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

interface Company {
  id: string;
  name: string;
  domain: string | null;
  domains: string[];
  phone: string | null;
  status: string;
  tags: string[];
  version: number;
  psaSyncState: string;
  address: { city: string | null; country: string | null } | null;
  statusHistory: { from: string | null; to: string; reason: string | null; changedBy: string }[];
}
const COMPANY_FIELDS = `id name domain domains phone status tags version psaSyncState address { city country } statusHistory { from to reason changedBy }`;
const CREATE = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { ${COMPANY_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateCompanyInput!) { updateCompany(id: $id, expectedVersion: $v, input: $input) { ${COMPANY_FIELDS} } }`;
const GET = `query($id: ID!) { company(id: $id) { ${COMPANY_FIELDS} } }`;
const LIST = `query($first: Int, $after: String, $filter: CompanyFilter, $orderBy: CompanyOrder) {
  companies(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } }
}`;
interface Page {
  companies: { edges: { cursor: string; node: { id: string; name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('companies through the gateway', () => {
  const stack = useStack({ bus: createMemoryBus() });
  let demo: CrmClient;
  let other: CrmClient;
  beforeAll(async () => {
    demo = crmClient(stack, 'demo');
    other = crmClient(stack, 'demo-2');
  });

  it('creates a company, normalising its phone to E.164 from the address country', async () => {
    const { createCompany: c } = await demo.ok<{ createCompany: Company }>(CREATE, {
      input: {
        name: ' Zephyr Dental ',
        domains: ['ZephyrDental.com', 'zephyr.dental'],
        phone: '(415) 555-0142',
        address: { city: 'Oakland', country: 'us' },
        tags: ['Dental', 'dental'],
      },
    });
    expect(c).toMatchObject({
      name: 'Zephyr Dental',
      domain: 'zephyrdental.com',
      domains: ['zephyrdental.com', 'zephyr.dental'],
      phone: '+14155550142',
      status: 'PROSPECT',
      tags: ['dental'],
      version: 1,
      psaSyncState: 'NOT_LINKED',
      address: { city: 'Oakland', country: 'US' },
      statusHistory: [{ from: null, to: 'PROSPECT', reason: 'created', changedBy: 'user-demo' }],
    });
    expect(c.id).toMatch(/^cmp_/);
  });

  it('refuses invalid input naming every bad field, and writes nothing', async () => {
    const before = await demo.ok<Page>(LIST, { first: 100 });
    const error = await demo.fails('BAD_USER_INPUT', CREATE, {
      input: { name: '', domains: ['not a domain'], phone: '12', website: 'ftp://x.example', address: { country: 'USA' } },
    });
    const paths = (error.extensions!['issues'] as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['input.name', 'input.domains.0', 'input.website', 'input.address.country']));
    const phone = await demo.fails('BAD_USER_INPUT', CREATE, { input: { name: 'Phone Co', phone: 'call me maybe' } });
    expect(phone.message).toContain('"call me maybe" cannot be a phone number');
    const national = await demo.fails('BAD_USER_INPUT', CREATE, { input: { name: 'National Co', phone: '020 7183 8750' } });
    expect(national.message).toContain('include the country code');
    const after = await demo.ok<Page>(LIST, { first: 100 });
    expect(after.companies.edges).toHaveLength(before.companies.edges.length);
  });

  it('updates with the version read, keeps a status history, and refuses a stale version with the current one', async () => {
    const { createCompany: c } = await demo.ok<{ createCompany: Company }>(CREATE, { input: { name: 'Versioned Ltd', status: 'LEAD' } });
    const { updateCompany: u } = await demo.ok<{ updateCompany: Company }>(UPDATE, {
      id: c.id,
      v: 1,
      input: { status: 'ACTIVE', statusReason: 'signed NDA', phone: '+44 20 7183 8750' },
    });
    expect(u).toMatchObject({ status: 'ACTIVE', version: 2, phone: '+442071838750' });
    expect(u.statusHistory.map((s) => [s.from, s.to, s.reason])).toEqual([
      ['LEAD', 'ACTIVE', 'signed NDA'],
      [null, 'LEAD', 'created'],
    ]);

    const stale = await demo.fails('STALE_VERSION', UPDATE, { id: c.id, v: 1, input: { name: 'Lost update' } });
    expect(stale.extensions).toMatchObject({ currentVersion: 2, expectedVersion: 1 });
    const { company } = await demo.ok<{ company: Company }>(GET, { id: c.id });
    expect(company).toMatchObject({ name: 'Versioned Ltd', version: 2 });
  });

  it('answers NOT_FOUND for an unknown id, and for another organisation’s', async () => {
    await demo.fails('NOT_FOUND', UPDATE, { id: 'cmp_nope', v: 1, input: { name: 'x' } });
    const cross = await other.fails('NOT_FOUND', UPDATE, { id: 'cmp_acme', v: 1, input: { name: 'Hijacked' } });
    expect(cross.message).toBe('Company cmp_acme was not found');
    expect((await demo.ok<{ company: Company }>(GET, { id: 'cmp_acme' })).company.name).toBe('Acme Dental Group');
  });

  it('promotion to a PSA client needs an Admin, and a stack without PSA refuses it writing nothing', async () => {
    // the promotion itself, against the PSA simulator: test/e2e/integrations-psa-crm-to-psa.test.ts
    const { company } = await demo.ok<{ company: Company }>(GET, { id: 'cmp_brightline' });
    const PROMOTE = `mutation($id: ID!) { promoteCompanyToClient(companyId: $id) { status psaSyncState version } }`;
    // promotion needs crm.companies.promote: an Admin's, not a Member's
    const admin = crmClient(stack, 'demo', 'Admin');
    const denied = await demo.fails('FORBIDDEN', PROMOTE, { id: company.id });
    expect(denied.message).toContain('crm.companies.promote');
    const unconnected = await admin.fails('DOWNSTREAM_SERVICE_ERROR', PROMOTE, { id: company.id });
    expect(unconnected).toMatchObject({ message: expect.stringContaining('PSA is not connected'), extensions: { product: 'psa', retryable: false } });
    expect((await demo.ok<{ company: Company }>(GET, { id: company.id })).company).toMatchObject({ psaSyncState: 'NOT_LINKED', version: company.version });
  });

  describe('listing', () => {
    beforeAll(async () => {
      for (const [name, status, tags] of [
        ['List Alpha', 'LEAD', ['list', 'alpha']],
        ['List Bravo', 'CHURNED', ['list']],
        ['List Charlie', 'LEAD', ['list']],
      ] as const) {
        await crmClient(stack, 'demo').ok(CREATE, { input: { name, status, tags, domains: [`${name.split(' ')[1]!.toLowerCase()}.example.com`] } });
      }
    });

    it('filters by status, tags and search, sorts, and pages without gaps', async () => {
      const leads = await demo.ok<Page>(LIST, { first: 10, filter: { status: ['LEAD'], tags: ['list'] } });
      expect(leads.companies.edges.map((e) => e.node.name)).toEqual(['List Alpha', 'List Charlie']);
      const search = await demo.ok<Page>(LIST, { filter: { search: 'bravo.example' } });
      expect(search.companies.edges.map((e) => e.node.name)).toEqual(['List Bravo']);

      const desc = await demo.ok<Page>(LIST, { first: 2, filter: { tags: ['list'] }, orderBy: { field: 'NAME', direction: 'DESC' } });
      expect(desc.companies.edges.map((e) => e.node.name)).toEqual(['List Charlie', 'List Bravo']);
      expect(desc.companies.pageInfo.hasNextPage).toBe(true);
      const rest = await demo.ok<Page>(LIST, {
        first: 2,
        after: desc.companies.pageInfo.endCursor,
        filter: { tags: ['list'] },
        orderBy: { field: 'NAME', direction: 'DESC' },
      });
      expect(rest.companies.edges.map((e) => e.node.name)).toEqual(['List Alpha']);
      expect(rest.companies.pageInfo.hasNextPage).toBe(false);

      const byCreated = await demo.ok<Page>(LIST, { first: 3, filter: { tags: ['list'] }, orderBy: { field: 'CREATED_AT', direction: 'ASC' } });
      expect(byCreated.companies.edges.map((e) => e.node.name)).toEqual(['List Alpha', 'List Bravo', 'List Charlie']);
      const next = await demo.ok<Page>(LIST, {
        first: 1,
        after: byCreated.companies.edges[0]!.cursor,
        filter: { tags: ['list'] },
        orderBy: { field: 'CREATED_AT', direction: 'ASC' },
      });
      expect(next.companies.edges.map((e) => e.node.name)).toEqual(['List Bravo']);
    });

    it('refuses a cursor made for another sort order', async () => {
      const byName = await demo.ok<Page>(LIST, { first: 1 });
      const error = await demo.fails('BAD_USER_INPUT', LIST, {
        first: 1,
        after: byName.companies.pageInfo.endCursor,
        orderBy: { field: 'HEALTH_SCORE', direction: 'ASC' },
      });
      expect(error.message).toContain('another sort order');
    });
  });
});
