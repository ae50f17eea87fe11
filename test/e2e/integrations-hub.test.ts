import { describe, expect, it } from 'vitest';
import { graphqlRequest, liveSubscribe } from '@onegraph/testing';
import { crmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * The seed's "CRM + Hub" table, row by row, through the gateway: Hub is the
 * identity layer (its tokens, roles and permissions are what the graph
 * enforces; see docs/security.md for the whole model).
 */
describe('CRM + Hub, through the gateway', () => {
  // Hub's users API (simulated) knows the demo organisations' users: deal owners are checked against it
  const stack = useStack({ simulators: { hub: true } });

  const ACME = `{ company(id: "cmp_acme") { id name } }`;
  const codes = (body: { errors?: readonly { extensions?: Record<string, unknown> }[] }) => (body.errors ?? []).map((e) => e.extensions?.['code']);

  it('Hub’s own claims: tenantId, orgRole and entitlements scope the session', async () => {
    // what Hub signs (stack tokens are Hub-shaped): the tenant is the organisation, the org role the role
    const hub = await stack.keys.issueToken({ org: 'demo-2', role: 'Viewer', sub: 'hub-user-2' });
    const [, payload] = hub.split('.');
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({ tenantId: 'demo-2', orgRole: 'viewer', entitlements: ['crm'] });
    // demo-2's Viewer sees demo-2's data, not demo's, and cannot write
    expect((await graphqlRequest(stack.urls.graphql, ACME, {}, hub)).body.data).toEqual({ company: null });
    const own = await graphqlRequest<{ company: { name: string } }>(stack.urls.graphql, `{ company(id: "cmp_northwind") { name } }`, {}, hub);
    expect(own.body.data?.company.name).toBe('Northwind Clinics');
    const write = await graphqlRequest(stack.urls.graphql, `mutation { createCompany(input: { name: "viewer co" }) { id } }`, {}, hub);
    expect(codes(write.body)).toEqual(['FORBIDDEN']);
    // the short development names still verify
    const short = await stack.keys.issueToken({ org: 'demo', role: 'Member', claimNames: 'short' });
    expect((await graphqlRequest(stack.urls.graphql, ACME, {}, short)).body.data).toEqual({ company: { id: 'cmp_acme', name: 'Acme Dental Group' } });
  });

  it('User identity: CRM users authenticate through Hub SSO', async () => {
    const signedIn = await graphqlRequest<{ company: { name: string } }>(stack.urls.graphql, ACME, {}, await stack.token('demo', 'Member', 'hub-user-42'));
    expect(signedIn.body.data?.company.name).toBe('Acme Dental Group');
    // no token, a token Hub did not sign, an expired one: not signed in
    const forged = `${(await stack.token('demo')).slice(0, -4)}AAAA`;
    const expired = await stack.keys.issueToken({ org: 'demo', role: 'Member', expiresIn: '-1m' });
    for (const token of [undefined, forged, expired]) {
      const res = await graphqlRequest(stack.urls.graphql, ACME, {}, token);
      expect(res.status).toBe(401);
      expect(codes(res.body)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('Deal ownership: deal owners map to Hub user accounts', async () => {
    const owner = await stack.token('demo', 'Member', 'hub-user-7');
    const created = await graphqlRequest<{ createDeal: { id: string; ownerId: string } }>(
      stack.urls.graphql,
      `mutation { createDeal(input: { title: "Hub-owned deal", companyId: "cmp_acme", pipelineId: "pl_demo_new_business" }) { id ownerId } }`,
      {},
      owner,
    );
    // the creator's Hub user id, unless another Hub user is named
    expect(created.body.data?.createDeal.ownerId).toBe('hub-user-7');
    const assigned = await graphqlRequest<{ createDeal: { ownerId: string } }>(
      stack.urls.graphql,
      `mutation { createDeal(input: { title: "Assigned deal", companyId: "cmp_acme", pipelineId: "pl_demo_new_business", ownerId: "hub-user-9" }) { ownerId } }`,
      {},
      owner,
    );
    expect(assigned.body.data?.createDeal.ownerId).toBe('hub-user-9');
    const mine = await graphqlRequest<{ deals: { edges: { node: { title: string } }[] } }>(
      stack.urls.graphql,
      `{ deals(first: 50, filter: { ownerId: "hub-user-7" }) { edges { node { title } } } }`,
      {},
      owner,
    );
    expect(mine.body.data?.deals.edges.map((e) => e.node.title)).toEqual(['Hub-owned deal']);
  });

  it('Deal ownership: an owner must be a Hub user of the organisation, and the deal shows their name and email', async () => {
    const member = crmClient(stack, 'demo', 'Member', 'hub-user-7');
    const CREATE = `mutation($owner: ID) { createDeal(input: { title: "Owned deal", companyId: "cmp_acme", pipelineId: "pl_demo_new_business", ownerId: $owner }) { id version ownerId owner { id name email } } }`;
    type Created = { createDeal: { id: string; version: number; ownerId: string; owner: { id: string; name: string; email: string } | null } };
    const mine = (await member.ok<Created>(CREATE, { owner: null })).createDeal;
    expect(mine.owner).toEqual({ id: 'hub-user-7', name: 'Sam Okafor', email: 'sam@demo-msp.example' });
    const assigned = (await member.ok<Created>(CREATE, { owner: 'hub-user-9' })).createDeal;
    expect(assigned.owner).toEqual({ id: 'hub-user-9', name: 'Priya Raman', email: 'priya@demo-msp.example' });

    // someone Hub does not know, or a user of demo-2: BAD_USER_INPUT naming the field, no deal created
    for (const owner of ['hub-user-404', 'hub-user-2']) {
      const refused = await member.fails('BAD_USER_INPUT', CREATE, { owner });
      expect(refused.extensions?.['issues']).toEqual([expect.objectContaining({ path: 'input.ownerId' })]);
    }
    for (const owner of ['hub-user-404', 'hub-user-2']) {
      const owned = await member.ok<{ deals: { edges: unknown[] } }>(
        `query($owner: ID!) { deals(first: 5, filter: { ownerId: $owner }) { edges { cursor } } }`,
        { owner },
      );
      expect(owned.deals.edges).toEqual([]);
    }
    // reassigning checks the same way, and leaves the deal as it was when refused
    const UPDATE = `mutation($id: ID!, $v: Int!, $owner: ID) { updateDeal(id: $id, expectedVersion: $v, input: { ownerId: $owner }) { version ownerId owner { name } } }`;
    await member.fails('BAD_USER_INPUT', UPDATE, { id: mine.id, v: mine.version, owner: 'hub-user-2' });
    const moved = (
      await member.ok<{ updateDeal: { version: number; ownerId: string; owner: { name: string } } }>(UPDATE, {
        id: mine.id,
        v: mine.version,
        owner: 'hub-user-9',
      })
    ).updateDeal;
    expect(moved).toMatchObject({ version: mine.version + 1, ownerId: 'hub-user-9', owner: { name: 'Priya Raman' } });

    // demo-2's own users own demo-2's deals; its users' names come from demo-2's Hub tenant
    const other = crmClient(stack, 'demo-2', 'Member', 'hub-user-2');
    const theirs = await other.ok<Created>(
      `mutation { createDeal(input: { title: "Their deal", companyId: "cmp_northwind", pipelineId: "pl_demo2_new_business", ownerId: "user-demo-2" }) { id version ownerId owner { id name email } } }`,
    );
    expect(theirs.createDeal.owner).toEqual({ id: 'user-demo-2', name: 'Lee Morgan', email: 'lee@demo-2-msp.example' });
    await other.fails('BAD_USER_INPUT', CREATE.replace('cmp_acme', 'cmp_northwind').replace('pl_demo_new_business', 'pl_demo2_new_business'), {
      owner: 'hub-user-9',
    });

    // Hub down: an owner cannot be checked, so none is taken on trust
    stack.simulators.hub.setAvailable(false);
    try {
      await member.fails('SERVICE_UNAVAILABLE', CREATE, { owner: 'hub-user-9' });
    } finally {
      stack.simulators.hub.setAvailable(true);
    }
  });

  it('Permissions: product-level and granular permissions come from Hub', async () => {
    // Hub's entitlements decide product access: without `crm`, or without any entitlements claim, no CRM
    for (const products of [['psa', 'books'], [], null]) {
      const noCrm = await stack.keys.issueToken({ org: 'demo', role: 'Owner', products });
      const refused = await graphqlRequest(stack.urls.graphql, ACME, {}, noCrm);
      expect(refused.status).toBe(403);
      expect(codes(refused.body)).toEqual(['FORBIDDEN']);
      expect(refused.body.data ?? null).toBeNull();
    }
    const withCrm = await stack.keys.issueToken({ org: 'demo', role: 'Member', products: ['psa', 'crm'] });
    expect((await graphqlRequest(stack.urls.graphql, ACME, {}, withCrm)).body.data).toEqual({ company: { id: 'cmp_acme', name: 'Acme Dental Group' } });
    // Hub's granular permissions narrow the role: companies yes, deals no
    const narrowed = await stack.keys.issueToken({ org: 'demo', role: 'Admin', permissions: ['crm.companies.read'] });
    expect((await graphqlRequest(stack.urls.graphql, ACME, {}, narrowed)).body.data).toEqual({ company: { id: 'cmp_acme', name: 'Acme Dental Group' } });
    const deals = await graphqlRequest(stack.urls.graphql, `{ deals(first: 1) { edges { node { id } } } }`, {}, narrowed);
    expect(codes(deals.body)).toEqual(['FORBIDDEN']);
  });

  it('Org roles: Hub roles (Owner, Admin, Member, Viewer) determine CRM access level', async () => {
    const LOG = `mutation { logActivity(input: { type: NOTE, summary: "role check", companyId: "cmp_acme" }) { id } }`;
    const DELETE = `mutation { deleteContact(id: "con_acme_raj", expectedVersion: 999) }`;
    const viewer = crmClient(stack, 'demo', 'Viewer');
    const member = crmClient(stack, 'demo', 'Member');
    const admin = crmClient(stack, 'demo', 'Admin');
    // a Viewer reads only
    expect((await viewer.ok<{ company: { id: string } }>(ACME)).company.id).toBe('cmp_acme');
    await viewer.fails('FORBIDDEN', LOG);
    // a Member writes, but does not delete
    expect((await member.ok<{ logActivity: { id: string } }>(LOG)).logActivity.id).toMatch(/^act_/);
    await member.fails('FORBIDDEN', DELETE);
    // an Admin may (here refused only for the stale version it sent)
    await admin.fails('STALE_VERSION', DELETE);
    // and the role never crosses organisations: an Owner of demo-2 sees nothing of demo's
    const otherOwner = crmClient(stack, 'demo-2', 'Owner');
    expect(await otherOwner.ok(ACME)).toEqual({ company: null });
  });

  it('Waffle menu: one Hub sign-in reaches CRM from the product switcher, over HTTP and live', async () => {
    // the token Hub's switcher hands over is the session: queries, the widget's subscriptions, no second login
    const token = await stack.token('demo', 'Member', 'hub-user-waffle');
    expect((await graphqlRequest(stack.urls.graphql, ACME, {}, token)).status).toBe(200);
    const live = await liveSubscribe(stack.urls.graphql, token, {
      query: `subscription { companyActivity(companyId: "cmp_acme") { summary } }`,
      variables: {},
    });
    await graphqlRequest(
      stack.urls.graphql,
      `mutation { logActivity(input: { type: NOTE, summary: "from the waffle menu", companyId: "cmp_acme" }) { id } }`,
      {},
      token,
    );
    const [pushed] = await live.waitFor(1, 30_000);
    expect(pushed?.data).toEqual({ companyActivity: { summary: 'from the waffle menu' } });
    await live.dispose();
    const page = await fetch(`${stack.urls.gateway}/widget/pipeline?companyId=cmp_acme`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('Jarvis AI: the cross-product AI assistant can query CRM data, read-only, for its user', async () => {
    const res = await fetch(`${stack.urls.gateway}/auth/jarvis/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject_token: await stack.token('demo', 'Member'), client_secret: stack.jarvisClientSecret }),
    });
    const { access_token } = (await res.json()) as { access_token: string };
    const read = await graphqlRequest<{ pipelineSummary: { openCount: number } }>(
      stack.urls.graphql,
      `{ pipelineSummary(companyId: "cmp_acme") { openCount } }`,
      {},
      access_token,
    );
    expect(read.body.data?.pipelineSummary.openCount).toBeGreaterThan(0);
    const write = await graphqlRequest(
      stack.urls.graphql,
      `mutation { logActivity(input: { type: NOTE, summary: "by Jarvis", companyId: "cmp_acme" }) { id } }`,
      {},
      access_token,
    );
    expect(codes(write.body)).toEqual(['FORBIDDEN']);
  });
});
