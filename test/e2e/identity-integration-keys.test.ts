import { beforeAll, describe, expect, it } from 'vitest';
import { createInternalTokens } from '@onegraph/auth';
import { graphqlRequest, testUser, type GraphQLResponse } from '@onegraph/testing';
import { keysCli } from '../../scripts/keys.ts';
import { useStack } from './fixture.ts';

const KEY_FIELDS = 'id product name format prefix scopes status createdBy expiresAt revokedAt lastUsedAt rotatedFromId replacedById';
const LIST = `{ integrationKeys { ${KEY_FIELDS} } }`;
const CREATE = `mutation($input: CreateIntegrationKeyInput!) { createIntegrationKey(input: $input) { plaintext key { ${KEY_FIELDS} } } }`;
const ROTATE = `mutation($id: ID!, $overlap: Int) { rotateIntegrationKey(id: $id, overlapSeconds: $overlap) { plaintext key { ${KEY_FIELDS} } } }`;
const REVOKE = `mutation($id: ID!) { revokeIntegrationKey(id: $id) { ${KEY_FIELDS} } }`;
const ACME = `{ company(id: "cmp_acme") { id name } }`;
const NORTHWIND = `{ company(id: "cmp_northwind") { id name } }`;
const CACHE_MS = 300;

interface Key {
  id: string;
  prefix: string;
  status: string;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  rotatedFromId: string | null;
  replacedById: string | null;
}
interface Created {
  plaintext: string;
  key: Key;
}

/** A request authenticated with an integration key, in either header. */
async function withKey(url: string, query: string, key: string, header: 'x-integration-key' | 'authorization' = 'x-integration-key'): Promise<GraphQLResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [header]: header === 'authorization' ? `Bearer ${key}` : key },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse['body'] };
}

const codeOf = (res: GraphQLResponse) => res.body.errors?.[0]?.extensions?.['code'];

describe('integration keys: managed through the graph, enforced by the gateway without restarts', () => {
  // a short verdict cache, so that revocation shows within a test's patience (default 5 s)
  const stack = useStack({ identity: { integrationKeyCacheMs: CACHE_MS } });
  let admin: string;
  let create: (input: Record<string, unknown>, token?: string) => Promise<Created>;

  beforeAll(async () => {
    admin = await stack.token('demo', 'Admin', 'admin-1');
    create = async (input, token = admin) => {
      const res = await graphqlRequest<{ createIntegrationKey: Created }>(
        stack.urls.graphql,
        CREATE,
        { input: { product: 'psa', name: 'PSA prod', scopes: ['crm.companies.read'], ...input } },
        token,
      );
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.createIntegrationKey;
    };
  });

  it('an Admin creates and lists keys; the plaintext is shown once and never listed', async () => {
    const created = await create({ scopes: ['crm.companies.read', 'crm.deals.*'] });
    expect(created.plaintext).toMatch(/^ogk_[a-z0-9]{8}_[A-Za-z0-9]{40}$/);
    expect(created.key).toMatchObject({ status: 'ACTIVE', scopes: ['crm.companies.read', 'crm.deals.*'], prefix: created.plaintext.slice(0, 12) });

    const list = await graphqlRequest<{ integrationKeys: Key[] }>(stack.urls.graphql, LIST, {}, admin);
    expect(list.body.data!.integrationKeys.map((k) => k.id)).toContain(created.key.id);
    const secret = created.plaintext.slice(13);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    // nor is it stored: only its hash
    const { rows } = await stack.integrations.db.query<Record<string, unknown>>(`SELECT * FROM integration_keys WHERE id = $1`, [created.key.id]);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('only Owners and Admins of the organisation manage keys: others get FORBIDDEN, another organisation sees nothing', async () => {
    const created = await create({});
    for (const role of ['Member', 'Viewer'] as const) {
      const token = await stack.token('demo', role);
      expect(codeOf(await graphqlRequest(stack.urls.graphql, LIST, {}, token))).toBe('FORBIDDEN');
      expect(codeOf(await graphqlRequest(stack.urls.graphql, CREATE, { input: { product: 'psa', name: 'x', scopes: ['crm.companies.read'] } }, token))).toBe(
        'FORBIDDEN',
      );
      expect(codeOf(await graphqlRequest(stack.urls.graphql, REVOKE, { id: created.key.id }, token))).toBe('FORBIDDEN');
    }
    const owner = await stack.token('demo', 'Owner');
    expect((await graphqlRequest(stack.urls.graphql, LIST, {}, owner)).body.errors).toBeUndefined();

    const otherAdmin = await stack.token('demo-2', 'Admin');
    const otherList = await graphqlRequest<{ integrationKeys: Key[] }>(stack.urls.graphql, LIST, {}, otherAdmin);
    expect(otherList.body.data!.integrationKeys.map((k) => k.id)).not.toContain(created.key.id);
    expect(codeOf(await graphqlRequest(stack.urls.graphql, REVOKE, { id: created.key.id }, otherAdmin))).toBe('NOT_FOUND');
    expect(codeOf(await graphqlRequest(stack.urls.graphql, ROTATE, { id: created.key.id }, otherAdmin))).toBe('NOT_FOUND');
    expect((await withKey(stack.urls.graphql, ACME, created.plaintext)).body.data).toEqual({ company: { id: 'cmp_acme', name: expect.any(String) } });

    // scopes are permission strings within the creator's own permissions
    const tooWide = await graphqlRequest(stack.urls.graphql, CREATE, { input: { product: 'psa', name: 'x', scopes: ['*'] } }, admin);
    expect(codeOf(tooWide)).toBe('FORBIDDEN');
    const malformed = await graphqlRequest(stack.urls.graphql, CREATE, { input: { product: 'psa', name: 'x', scopes: ['crm companies'] } }, admin);
    expect(codeOf(malformed)).toBe('BAD_USER_INPUT');
  });

  it('a key authenticates requests for its own organisation only, in X-Integration-Key or Authorization: Bearer', async () => {
    const { plaintext, key } = await create({});
    const byHeader = await withKey(stack.urls.graphql, ACME, plaintext);
    expect(byHeader.status).toBe(200);
    expect(byHeader.body.data).toEqual({ company: { id: 'cmp_acme', name: expect.any(String) } });
    expect((await withKey(stack.urls.graphql, ACME, plaintext, 'authorization')).body.data).toEqual(byHeader.body.data);

    // demo-2's company does not exist for a demo key
    expect((await withKey(stack.urls.graphql, NORTHWIND, plaintext)).body).toEqual({ data: { company: null } });
    // a key cannot manage keys
    expect(codeOf(await withKey(stack.urls.graphql, LIST, plaintext))).toBe('FORBIDDEN');

    // the public API's tos_ form, as a bearer token
    const tos = await create({ format: 'TOS', name: 'Public API' });
    expect(tos.plaintext).toMatch(/^tos_/);
    expect((await withKey(stack.urls.graphql, ACME, tos.plaintext, 'authorization')).body.data).toEqual(byHeader.body.data);

    // wrong secret, unknown prefix, malformed key, two credentials at once: 401
    const wrongSecret = `${plaintext.slice(0, 13)}${'A'.repeat(40)}`;
    for (const bad of [wrongSecret, 'ogk_zzzzzzzz_' + 'B'.repeat(40), 'ogk_short', `tos${plaintext.slice(3)}`]) {
      const res = await withKey(stack.urls.graphql, ACME, bad);
      expect(res.status).toBe(401);
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    const both = await fetch(stack.urls.graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-integration-key': plaintext, authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: ACME }),
    });
    expect(both.status).toBe(401);

    const listed = await graphqlRequest<{ integrationKeys: Key[] }>(stack.urls.graphql, LIST, {}, admin);
    expect(listed.body.data!.integrationKeys.find((k) => k.id === key.id)!.lastUsedAt).not.toBeNull();
  });

  it('revocation takes effect within the verification cache TTL, without a restart', async () => {
    const { plaintext, key } = await create({});
    expect((await withKey(stack.urls.graphql, ACME, plaintext)).status).toBe(200);
    const revoked = await graphqlRequest<{ revokeIntegrationKey: Key }>(stack.urls.graphql, REVOKE, { id: key.id }, admin);
    expect(revoked.body.data!.revokeIntegrationKey).toMatchObject({ id: key.id, status: 'REVOKED', revokedAt: expect.any(String) });
    const revokedAt = Date.now();
    await expect.poll(async () => (await withKey(stack.urls.graphql, ACME, plaintext)).status, { timeout: 5_000, interval: 50 }).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(CACHE_MS + 2_000);
    const refused = await withKey(stack.urls.graphql, ACME, plaintext);
    expect(refused.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/revoked/), extensions: { code: 'UNAUTHENTICATED' } });
    // revoking again changes nothing
    const again = await graphqlRequest<{ revokeIntegrationKey: Key }>(stack.urls.graphql, REVOKE, { id: key.id }, admin);
    expect(again.body.data!.revokeIntegrationKey.status).toBe('REVOKED');
  });

  it('after rotation the old and the new key both work until the overlap ends, then only the new one', async () => {
    const old = await create({ name: 'PSA to rotate' });
    expect((await withKey(stack.urls.graphql, ACME, old.plaintext)).status).toBe(200);

    const rotated = await graphqlRequest<{ rotateIntegrationKey: Created }>(stack.urls.graphql, ROTATE, { id: old.key.id, overlap: 2 }, admin);
    const fresh = rotated.body.data!.rotateIntegrationKey;
    expect(fresh.plaintext).not.toBe(old.plaintext);
    expect(fresh.key).toMatchObject({ status: 'ACTIVE', rotatedFromId: old.key.id, scopes: old.key.scopes });
    const listed = await graphqlRequest<{ integrationKeys: Key[] }>(stack.urls.graphql, LIST, {}, admin);
    expect(listed.body.data!.integrationKeys.find((k) => k.id === old.key.id)).toMatchObject({
      status: 'ROTATING',
      replacedById: fresh.key.id,
      expiresAt: expect.any(String),
    });

    expect((await withKey(stack.urls.graphql, ACME, old.plaintext)).status).toBe(200);
    expect((await withKey(stack.urls.graphql, ACME, fresh.plaintext)).status).toBe(200);
    // a rotated key is not rotated twice
    expect(codeOf(await graphqlRequest(stack.urls.graphql, ROTATE, { id: old.key.id }, admin))).toBe('CONFLICT');

    await expect.poll(async () => (await withKey(stack.urls.graphql, ACME, old.plaintext)).status, { timeout: 10_000, interval: 100 }).toBe(401);
    expect((await withKey(stack.urls.graphql, ACME, old.plaintext)).body.errors?.[0]?.message).toMatch(/expired/);
    expect((await withKey(stack.urls.graphql, ACME, fresh.plaintext)).status).toBe(200);
  });

  it('the verification endpoint answers the gateway only', async () => {
    const verifyUrl = new URL('/internal/integration-keys/verify', stack.urls.integrations);
    const { plaintext } = await create({});
    const post = (headers: Record<string, string>) =>
      fetch(verifyUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ key: plaintext }) });
    expect((await post({})).status).toBe(401);
    // an identity token (another audience), or a service token of another secret, is not a service token
    const stranger = createInternalTokens('x'.repeat(40));
    expect((await post({ authorization: `Bearer ${await stranger.signService('gateway')}` })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${await stranger.sign(testUser('demo', { role: 'Owner' }))}` })).status).toBe(401);
  });

  it('public API (tos_) keys share their organisation’s 100 requests a minute; over it, 429 with Retry-After', async () => {
    // organisation demo-2, so that the other tests' keys keep their budget
    const admin2 = await stack.token('demo-2', 'Admin', 'admin-2');
    const first = await create({ format: 'TOS', name: 'Public API 1' }, admin2);
    const second = await create({ format: 'TOS', name: 'Public API 2' }, admin2);
    const NORTHWIND_ONLY = `{ companies(first: 1) { edges { node { id } } } }`;
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => withKey(stack.urls.graphql, NORTHWIND_ONLY, (i % 2 ? first : second).plaintext, 'authorization')),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200));
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe('100');
    const remaining = answers.map((a) => Number(a.headers.get('x-ratelimit-remaining')));
    expect(Math.min(...remaining)).toBe(0);

    // the 101st, with either key of the organisation
    for (const key of [first, second]) {
      const refused = await withKey(stack.urls.graphql, NORTHWIND_ONLY, key.plaintext, 'authorization');
      expect(refused.status).toBe(429);
      expect(codeOf(refused)).toBe('RATE_LIMIT_EXCEEDED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
      // whichever header carries the key: X-Integration-Key is held to the same organisation's budget
      const viaHeader = await withKey(stack.urls.graphql, NORTHWIND_ONLY, key.plaintext, 'x-integration-key');
      expect(viaHeader.status).toBe(429);
      expect(codeOf(viaHeader)).toBe('RATE_LIMIT_EXCEEDED');
    }
    // the organisation's users are not held to the public API's budget
    const user = await graphqlRequest(stack.urls.graphql, NORTHWIND_ONLY, {}, await stack.token('demo-2'));
    expect(user.status).toBe(200);
    expect(user.headers.get('x-ratelimit-limit')).toBe('600');
  });

  it('the CLI creates, lists, rotates and revokes keys through the graph', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const cli = (...args: string[]) =>
      keysCli(
        [...args, '--url', stack.urls.graphql, '--token', admin],
        {},
        (l) => out.push(l),
        (l) => err.push(l),
      );

    expect(await cli('create', '--org', 'demo', '--product', 'psa', '--name', 'PSA from CLI', '--scopes', 'crm.companies.read,crm.deals.read')).toBe(0);
    const plaintext = out.find((l) => /^ogk_/.test(l))!;
    const id = /^(ikey_\w+)/.exec(out[0]!)![1]!;
    expect((await withKey(stack.urls.graphql, ACME, plaintext)).status).toBe(200);

    out.length = 0;
    expect(await cli('list', '--org', 'demo')).toBe(0);
    expect(out.some((l) => l.startsWith(id) && l.includes('PSA from CLI'))).toBe(true);
    expect(out.join('\n')).not.toContain(plaintext);

    out.length = 0;
    expect(await cli('rotate', '--org', 'demo', '--id', id, '--overlap', '0')).toBe(0);
    expect(out.find((l) => /^ogk_/.test(l))).toBeDefined();
    expect(await cli('revoke', '--org', 'demo', '--id', id)).toBe(0);

    expect(
      await keysCli(
        ['list', '--org', 'demo', '--url', stack.urls.graphql, '--token', await stack.token('demo', 'Member')],
        {},
        () => {},
        (l) => err.push(l),
      ),
    ).toBe(1);
    expect(err.at(-1)).toMatch(/^FORBIDDEN/);
    expect(
      await keysCli(
        ['frobnicate'],
        {},
        () => {},
        () => {},
      ),
    ).toBe(2);
  });
});
