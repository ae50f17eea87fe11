import { randomBytes } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHubTokenVerifier, createInternalTokens, createJarvisTokens, DEV_AUDIENCE, DEV_ISSUER, loadDevKeys, type DevKeys } from '@onegraph/auth';
import { createBus, type Bus } from '@onegraph/bus';
import { createGateway, oneStackPlugins, operationHash, type Gateway, type GatewayOptions, type GatewayPlugin } from '@onegraph/gateway';
import { unauthenticated } from '@onegraph/errors';
import { graphqlRequest } from '@onegraph/testing';
import { composeProducts, startProductSubgraphs } from './fixtures.ts';
import { overWs, wsCodeOf, wsPlugin, type WsResult } from './transports.ts';

const VALID = `{ products { upc name } }`;
const UNLISTED = `{ products { price } }`;

describe('hostile input: the gateway answers with coded errors and keeps serving', () => {
  let subgraphs: Awaited<ReturnType<typeof startProductSubgraphs>>;
  let keys: DevKeys;
  let token: string;
  const gateways: Gateway[] = [];
  const clients: Client[] = [];
  const buses: Bus[] = [];

  const start = async (extra: Partial<GatewayOptions> = {}) => {
    const gateway = await createGateway({
      supergraph: { sdl: composeProducts({ products: subgraphs.products.url, reviews: subgraphs.reviews.url }) },
      auth: { mode: 'hub', verify: createHubTokenVerifier({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }) },
      internalTokens: createInternalTokens(randomBytes(32).toString('hex')),
      maxBodyBytes: 64 * 1024,
      ...extra,
    });
    gateways.push(gateway);
    return `${await gateway.listen()}/graphql`;
  };
  let url: string;

  beforeAll(async () => {
    subgraphs = await startProductSubgraphs();
    keys = await loadDevKeys();
    token = await keys.issueToken({ org: 'demo', role: 'Member' });
    url = await start();
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    for (const g of gateways) await g.close();
    for (const b of buses) await b.close();
    await subgraphs?.stop();
  });

  /** A gateway that also serves graphql-ws (on an in-process Bus). */
  const startWithWs = async (extra: Partial<GatewayOptions> = {}) => {
    const bus = createBus({});
    buses.push(bus);
    return start({ bus, plugins: [wsPlugin], ...extra });
  };
  const connect = (graphqlUrl: string, bearer = token) => {
    const client = createClient({
      url: graphqlUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${bearer}` },
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  };
  const get = (graphqlUrl: string, params: Record<string, string>, bearer = token) =>
    fetch(`${graphqlUrl}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${bearer}`, 'apollo-require-preflight': 'true' } });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body });
  const codeOf = async (res: Response) => ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;

  it('refuses deeply nested operations', async () => {
    const deep = `{ products { ${'related { '.repeat(14)}upc${' }'.repeat(14)} } }`;
    const res = await graphqlRequest(url, deep, {}, token);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('refuses alias bombs', async () => {
    const bomb = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: products { upc }`).join(' ')} }`;
    const res = await graphqlRequest(url, bomb, {}, token);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses directive floods and token floods', async () => {
    const directives = `{ products ${'@include(if: true) '.repeat(100)}{ upc } }`;
    const d = await graphqlRequest(url, directives, {}, token);
    expect(d.status).toBe(400);
    expect(d.body.errors?.[0]?.extensions?.['code']).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);

    const tokens = `{ products { ${'upc '.repeat(6_000)} } }`;
    const t = await graphqlRequest(url, tokens, {}, token);
    expect(t.status).toBe(400);
    expect(t.body.errors?.[0]?.message).toMatch(/token/i);
  });

  it('refuses operations whose estimated cost is too high', async () => {
    const nested = `${'related { '.repeat(10)}upc name price${' }'.repeat(10)}`;
    const costly = `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: products { ${nested} }`).join(' ')} }`;
    const res = await graphqlRequest(url, costly, {}, token);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.message).toMatch(/cost/i);
  });

  it('refuses invalid JSON, wrong content types, oversized bodies and huge strings', async () => {
    const invalid = await post('{"query": "{ products { upc } }"');
    expect(invalid.status).toBe(400);
    expect(await codeOf(invalid)).toBe('BAD_USER_INPUT');

    // a simple (CORS-safelisted) content type is refused: CSRF prevention
    const text = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: VALID }),
    });
    expect(text.status).toBe(400);

    const oversized = await post(JSON.stringify({ query: VALID, variables: { pad: 'x'.repeat(100_000) } }));
    expect(oversized.status).toBe(413);
    expect(await codeOf(oversized)).toBe('PAYLOAD_TOO_LARGE');

    const hugeString = await graphqlRequest(url, `query($upc: ID!) { product(upc: $upc) { upc } }`, { upc: 'x'.repeat(60_000) }, token);
    expect(hugeString.status).toBe(200);
    expect(hugeString.body.data).toEqual({ product: null });
  });

  it('answers an operation name the document does not have with BAD_USER_INPUT, not an internal error', async () => {
    const res = await post(JSON.stringify({ query: 'query Named { products { upc } }', operationName: 'Other' }));
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toMatch(/Unknown operation named "Other"/);
  });

  it('limits batches', async () => {
    const ok = await post(JSON.stringify([{ query: VALID }, { query: VALID }]));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(2);
    const tooMany = await post(JSON.stringify(Array.from({ length: 11 }, () => ({ query: VALID }))));
    expect(tooMany.status).toBe(400);
    expect(await codeOf(tooMany)).toBe('BAD_USER_INPUT');
  });

  it('refuses forged, expired, wrong-audience and alg:none tokens', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ org: 'demo', role: 'Owner' })
      .setProtectedHeader({ alg: 'ES256', kid: keys.jwks.keys[0]!.kid! })
      .setSubject('x')
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setExpirationTime('1h')
      .sign(privateKey);
    const expired = await keys.issueToken({ org: 'demo', role: 'Member', expiresIn: '-10m' });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', org: 'demo', role: 'Owner', iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url')}.`;
    for (const bad of [forged, expired, none, 'not-a-jwt']) {
      const res = await graphqlRequest(url, VALID, {}, bad);
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    }
    const expiredRes = await graphqlRequest(url, VALID, {}, expired);
    expect(expiredRes.body.errors?.[0]?.message).toMatch(/expired/);
  });

  it('rate limits each caller with 429 and Retry-After', async () => {
    const limited = await start({ rateLimit: { points: 3, durationSec: 60 } });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await fetch(limited, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: VALID }),
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await codeOf(last!)).toBe('RATE_LIMIT_EXCEEDED');
    // another user is not affected
    const other = await graphqlRequest(limited, VALID, {}, await keys.issueToken({ org: 'demo', role: 'Member', sub: 'someone-else' }));
    expect(other.status).toBe(200);
  });

  it('runs only allow-listed operations for callers restricted to persisted operations', async () => {
    const manifest = { [operationHash(VALID)]: VALID };
    const restricted = await start({ persistedOperations: { manifest, requiredFor: ['user'] } });
    const byHash = await fetch(restricted, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: operationHash(VALID) } } }),
    });
    expect(byHash.status).toBe(200);
    expect(((await byHash.json()) as { data: { products: unknown[] } }).data.products).toHaveLength(2);

    const other = await graphqlRequest(restricted, `{ products { price } }`, {}, token);
    expect(other.status).toBe(403);
    expect(other.body.errors?.[0]?.extensions?.['code']).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('holds persisted operations over GET, batches and graphql-ws as over POST', async () => {
    const manifest = { [operationHash(VALID)]: VALID };
    const restricted = await startWithWs({ persistedOperations: { manifest, requiredFor: ['user'] } });
    const byHash = { persistedQuery: { version: 1, sha256Hash: operationHash(VALID) } };

    // GET: the unlisted query refused with the same code as over POST; the listed one by hash runs
    const getUnlisted = await get(restricted, { query: UNLISTED });
    expect(getUnlisted.status).toBe(403);
    expect(await codeOf(getUnlisted)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    const getListed = await get(restricted, { extensions: JSON.stringify(byHash) });
    expect(getListed.status).toBe(200);
    expect(((await getListed.json()) as { data: { products: unknown[] } }).data.products).toHaveLength(2);

    // a batch with one unlisted operation among listed ones
    const batch = await fetch(restricted, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ extensions: byHash }, { query: UNLISTED }]),
    });
    expect(batch.status).toBe(403);
    expect(await codeOf(batch)).toBe('PERSISTED_QUERY_NOT_ALLOWED');

    // graphql-ws: an unlisted query, mutation and subscription are refused; the listed query by hash runs
    const client = connect(restricted);
    for (const query of [UNLISTED, `mutation { createQuote(input: {}) { id } }`, `subscription { productChanged(upc: "1") { upc } }`]) {
      expect(wsCodeOf(await overWs(client, { query }))).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    }
    const listed = await overWs(client, { query: '', extensions: byHash });
    expect(listed.errors).toBeUndefined();
    expect((listed.data?.['products'] as unknown[]).length).toBe(2);
  });

  it('counts every operation against the rate limit: each of a batch, each GET, each over graphql-ws', async () => {
    const limited = await startWithWs({ rateLimit: { points: 5, durationSec: 60 } });
    const batchOf = (n: number, bearer: string) =>
      fetch(limited, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify(Array.from({ length: n }, () => ({ query: VALID }))),
      });
    // a batch of 3 costs 3: the next batch of 3 goes over 5
    const batcher = await keys.issueToken({ org: 'demo', role: 'Member', sub: 'batcher' });
    expect((await batchOf(3, batcher)).status).toBe(200);
    const over = await batchOf(3, batcher);
    expect(over.status).toBe(429);
    expect(await codeOf(over)).toBe('RATE_LIMIT_EXCEEDED');

    const getter = await keys.issueToken({ org: 'demo', role: 'Member', sub: 'getter' });
    const gets: number[] = [];
    for (let i = 0; i < 6; i++) gets.push((await get(limited, { query: VALID }, getter)).status);
    expect(gets).toEqual([200, 200, 200, 200, 200, 429]);

    // over one socket: 5 queries run, the 6th is refused with the same code, and the budget is the caller's over HTTP too
    const socketUser = await keys.issueToken({ org: 'demo', role: 'Member', sub: 'socket-user' });
    const client = connect(limited, socketUser);
    const results: WsResult[] = [];
    for (let i = 0; i < 6; i++) results.push(await overWs(client, { query: VALID }));
    expect(results.slice(0, 5).every((r) => r.errors === undefined && r.data)).toBe(true);
    expect(wsCodeOf(results[5]!)).toBe('RATE_LIMIT_EXCEEDED');
    expect((await graphqlRequest(limited, VALID, {}, socketUser)).status).toBe(429);
  });

  it('gives no field suggestions when introspection is off, over HTTP and graphql-ws', async () => {
    const typo = `{ products { nme } }`;
    const open = await graphqlRequest(url, typo, {}, token);
    expect(open.body.errors?.[0]?.message).toMatch(/Did you mean/);

    const closed = await startWithWs({ introspection: false });
    const res = await graphqlRequest(closed, typo, {}, token);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
    const ws = await overWs(connect(closed), { query: typo });
    expect(wsCodeOf(ws)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(ws.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('limits the Jarvis exchange per client after its secret is checked: wrong secrets cannot lock Jarvis out', async () => {
    const clientSecret = randomBytes(32).toString('hex');
    const jarvis = oneStackPlugins({
      jarvis: { clientSecret, tokens: createJarvisTokens(randomBytes(32).toString('hex')) },
      rateLimit: { points: 3, durationSec: 60 },
      integrationKeys: false,
      widget: false,
    });
    const base = (await start({ plugins: jarvis })).replace(/\/graphql$/, '');
    const exchange = (secret: string) =>
      fetch(`${base}/auth/jarvis/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subject_token: token, client_secret: secret }),
      });
    const wrong: number[] = [];
    for (let i = 0; i < 5; i++) wrong.push((await exchange('not-the-secret')).status);
    // wrong secrets from one address: 401, then 429 for that address's failures
    expect(wrong).toEqual([401, 401, 401, 429, 429]);
    // Jarvis, from the same address, still exchanges: its budget is its own
    const real = await exchange(clientSecret);
    expect(real.status).toBe(200);
    expect(((await real.json()) as { access_token: string }).access_token).toBeTruthy();
  });

  it('limits failed authentication per address without asking the key store, and keeps serving valid callers from it', async () => {
    // a credential kind whose verifier is a key store: every lookup is counted
    let lookups = 0;
    const keyStore: GatewayPlugin = {
      name: 'test key store',
      credentials: [
        {
          name: 'test key',
          header: {
            name: 'x-test-key',
            verify: async (value) => {
              lookups++;
              if (value !== 'good-key') throw unauthenticated('Unknown key');
              return { kind: 'integration', org: 'demo', sub: 'key:good', keyId: 'good', product: 'psa', scopes: ['crm.companies.read'] };
            },
          },
        },
      ],
      subscriptionFields: wsPlugin.subscriptionFields!,
    };
    const guarded = await startWithWs({ plugins: [keyStore], failedAuthentication: { failures: 5, durationSec: 60 } });
    const withKey = (key: string) =>
      fetch(guarded, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-key': key }, body: JSON.stringify({ query: VALID }) });

    expect((await withKey('good-key')).status).toBe(200);
    const scan: Response[] = [];
    for (let i = 0; i < 20; i++) scan.push(await withKey(`invented-${i}`));
    expect(scan.map((res) => res.status)).toEqual([...Array<number>(5).fill(401), ...Array<number>(15).fill(429)]);
    expect(await codeOf(scan[19]!)).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(scan[19]!.headers.get('retry-after'))).toBeGreaterThan(0);
    // the store was asked for the good key and the first five invented ones only
    expect(lookups).toBe(6);

    // from the same address, a key that verified before still works, and so does a Hub token never seen before
    expect((await withKey('good-key')).status).toBe(200);
    const fresh = await keys.issueToken({ org: 'demo', role: 'Member', sub: 'newcomer' });
    expect((await graphqlRequest(guarded, VALID, {}, fresh)).status).toBe(200);

    // graphql-ws connections are refused the same way, without a lookup, and a known key still connects
    const connectWith = (key: string) =>
      new Promise<number | 'connected'>((resolve) => {
        const client = createClient({
          url: guarded.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          connectionParams: { 'x-test-key': key },
          retryAttempts: 0,
          lazy: false,
          onNonLazyError: () => {}, // the refusal is the close code the test reads
          on: { connected: () => resolve('connected'), closed: (event) => resolve((event as { code: number }).code) },
        });
        clients.push(client);
      });
    expect(await connectWith('invented-ws')).toBe(4403);
    expect(lookups).toBe(7); // the good key once more over HTTP, nothing for the refused connection
    expect(await connectWith('good-key')).toBe('connected');
  });

  it('still serves a valid operation after all of the above', async () => {
    const res = await graphqlRequest(url, VALID, {}, token);
    expect(res.body).toEqual({
      data: {
        products: [
          { upc: '1', name: 'Table' },
          { upc: '2', name: 'Couch' },
        ],
      },
    });
  });
});
