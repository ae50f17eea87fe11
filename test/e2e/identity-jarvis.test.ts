import { describe, expect, it } from 'vitest';
import { graphqlRequest, wsClient } from '@onegraph/testing';
import { useStack } from './fixture.ts';

const ACME = `{ company(id: "cmp_acme") { id name contacts { id } } }`;
const CREATE_COMPANY = `mutation { createCompany(input: { name: "Jarvis Was Here" }) { id } }`;
const CREATE_KEY = `mutation { createIntegrationKey(input: { product: "psa", name: "by Jarvis", scopes: ["crm.companies.read"] }) { plaintext } }`;

interface Exchange {
  status: number;
  body: { access_token?: string; token_type?: string; issued_token_type?: string; expires_in?: number; errors?: { extensions: { code: string } }[] };
}

describe('Jarvis acts for a user through a delegated, read-only token', () => {
  const stack = useStack();
  const exchange = async (body: Record<string, unknown>): Promise<Exchange> => {
    const res = await fetch(`${stack.urls.gateway}/auth/jarvis/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Exchange['body'] };
  };
  const delegated = async (userToken: string) => {
    const res = await exchange({ subject_token: userToken, client_secret: stack.jarvisClientSecret });
    expect(res.status).toBe(200);
    return res.body.access_token!;
  };

  it('exchanges a user’s Hub token (with Jarvis’s client secret) for a short-lived delegated token', async () => {
    const res = await exchange({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: await stack.token('demo', 'Admin'),
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      client_secret: stack.jarvisClientSecret,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      access_token: expect.any(String),
    });
    expect(res.body.expires_in).toBeGreaterThan(250);
    expect(res.body.expires_in).toBeLessThanOrEqual(300);

    // never beyond the user's own token
    const shortUser = await stack.keys.issueToken({ org: 'demo', role: 'Member', expiresIn: '60s' });
    expect((await exchange({ subject_token: shortUser, client_secret: stack.jarvisClientSecret })).body.expires_in).toBeLessThanOrEqual(60);
  });

  it('refuses callers without Jarvis’s secret, invalid user tokens, and delegated tokens presented again', async () => {
    const user = await stack.token('demo');
    const wrongSecret = await exchange({ subject_token: user, client_secret: 'not-the-secret' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await exchange({ subject_token: user })).status).toBe(401);
    expect((await exchange({ subject_token: 'not-a-jwt', client_secret: stack.jarvisClientSecret })).status).toBe(401);
    const expiredUser = await stack.keys.issueToken({ org: 'demo', role: 'Member', expiresIn: '-10m' });
    expect((await exchange({ subject_token: expiredUser, client_secret: stack.jarvisClientSecret })).status).toBe(401);
    expect((await exchange({ subject_token: await delegated(user), client_secret: stack.jarvisClientSecret })).status).toBe(401);
    expect((await exchange({ client_secret: stack.jarvisClientSecret })).status).toBe(400);
    const noCrm = await stack.keys.issueToken({ org: 'demo', role: 'Member', products: ['psa'] });
    expect((await exchange({ subject_token: noCrm, client_secret: stack.jarvisClientSecret })).status).toBe(403);
  });

  it('reads as the user, in the user’s organisation', async () => {
    const token = await delegated(await stack.token('demo', 'Viewer'));
    const acme = await graphqlRequest<{ company: { id: string } | null }>(stack.urls.graphql, ACME, {}, token);
    expect(acme.status).toBe(200);
    expect(acme.body.data!.company).toMatchObject({ id: 'cmp_acme' });
    const northwind = await graphqlRequest(stack.urls.graphql, `{ company(id: "cmp_northwind") { id } }`, {}, token);
    expect(northwind.body).toEqual({ data: { company: null } });
  });

  it('refuses every mutation with FORBIDDEN before planning, over HTTP and graphql-ws, even for an Owner', async () => {
    const token = await delegated(await stack.token('demo', 'Owner'));
    for (const mutation of [CREATE_COMPANY, CREATE_KEY]) {
      const res = await graphqlRequest(stack.urls.graphql, mutation, {}, token);
      expect(res.status).toBe(403);
      expect(res.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(res.body.data ?? null).toBeNull();
    }
    // nothing was written
    const companies = await stack.crm.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM companies WHERE name = 'Jarvis Was Here'`);
    expect(companies.rows[0]!.n).toBe(0);
    const keys = await stack.integrations.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM integration_keys WHERE name = 'by Jarvis'`);
    expect(keys.rows[0]!.n).toBe(0);

    const client = wsClient(stack.urls.graphql, token);
    const result = await new Promise<{ errors?: { extensions?: { code?: string } }[] }>((resolve, reject) => {
      client.subscribe({ query: CREATE_COMPANY }, { next: (v) => resolve(v as never), error: reject, complete: () => {} });
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await client.dispose();

    // key management stays with the user, not with Jarvis acting for them
    const listed = await graphqlRequest(stack.urls.graphql, `{ integrationKeys { id } }`, {}, token);
    expect(listed.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it('has the tightest operation limits', async () => {
    const deep = `{ company(id: "cmp_acme") { contacts { company { contacts { company { contacts { company { id } } } } } } } }`;
    const asUser = await graphqlRequest(stack.urls.graphql, deep, {}, await stack.token('demo'));
    expect(asUser.status).toBe(200);
    const asJarvis = await graphqlRequest(stack.urls.graphql, deep, {}, await delegated(await stack.token('demo')));
    expect(asJarvis.status).toBe(400);
    expect(asJarvis.body.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('refuses a delegated token once it expired', async () => {
    // the delegated token expires with the user's (in 2 s), not 5 minutes later
    const token = await delegated(await stack.keys.issueToken({ org: 'demo', role: 'Member', expiresIn: '2s' }));
    expect((await graphqlRequest(stack.urls.graphql, ACME, {}, token)).status).toBe(200);
    await expect.poll(async () => (await graphqlRequest(stack.urls.graphql, ACME, {}, token)).status, { timeout: 6_000, interval: 200 }).toBe(401);
    const refused = await graphqlRequest(stack.urls.graphql, ACME, {}, token);
    expect(refused.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/expired/), extensions: { code: 'UNAUTHENTICATED' } });
  });
});
