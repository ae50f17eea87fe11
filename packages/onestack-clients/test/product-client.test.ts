import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createProductClient, integrationKeysFrom, parseIntegrationKeys, ProductCallError, type ProductCredentials } from '../src/index.ts';

type Answer = { status: number; body?: unknown; hang?: boolean };

/** A real HTTP server on port 0 that answers from a script and records what it received. */
async function scriptedServer(answers: Answer[]) {
  const received: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const answer = answers.shift() ?? { status: 500 };
      if (answer.hang) return;
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(server);
  return { url, received };
}
const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const keys = integrationKeysFrom({ demo: 'ogk_demo' });

describe('product client', () => {
  it('sends the organisation’s integration key and the idempotency key, and retries a 503 until it succeeds', async () => {
    const server = await scriptedServer([{ status: 503 }, { status: 201, body: { id: 'c1' } }]);
    const client = createProductClient({ product: 'psa', baseUrl: server.url, integrationKeys: keys, backoffMs: 1 });
    const created = await client.request<{ id: string }>('demo', {
      method: 'POST',
      path: '/api/clients',
      body: { name: 'Acme' },
      idempotencyKey: 'promote:cmp_1',
    });
    expect(created).toEqual({ id: 'c1' });
    expect(server.received).toHaveLength(2);
    for (const call of server.received) {
      expect(call.headers['x-integration-key']).toBe('ogk_demo');
      expect(call.headers['idempotency-key']).toBe('promote:cmp_1');
      expect(JSON.parse(call.body)).toEqual({ name: 'Acme' });
    }
  });

  it('gives up after its attempts with a retryable SERVICE_UNAVAILABLE error', async () => {
    const server = await scriptedServer([{ status: 503 }, { status: 502 }, { status: 500 }]);
    const client = createProductClient({ product: 'books', baseUrl: server.url, integrationKeys: keys, backoffMs: 1, attempts: 3 });
    const error = await client.request('demo', { path: '/api/invoices' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProductCallError);
    expect((error as ProductCallError).extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', product: 'books', retryable: true, status: 500 });
    expect(server.received).toHaveLength(3);
  });

  it('does not retry a refusal: DOWNSTREAM_SERVICE_ERROR with the product’s status and message', async () => {
    const server = await scriptedServer([{ status: 422, body: { error: 'name is required' } }]);
    const client = createProductClient({ product: 'psa', baseUrl: server.url, integrationKeys: keys, backoffMs: 1 });
    const error = (await client
      .request('demo', { method: 'POST', path: '/api/clients', body: {}, idempotencyKey: 'k' })
      .catch((e: unknown) => e)) as ProductCallError;
    expect(error.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', retryable: false, status: 422 });
    expect(error.message).toContain('name is required');
    expect(server.received).toHaveLength(1);
  });

  it('times out a call that hangs, and retries it', async () => {
    const server = await scriptedServer([
      { status: 200, hang: true },
      { status: 200, body: [1, 2] },
    ]);
    const client = createProductClient({ product: 'portal', baseUrl: server.url, integrationKeys: keys, timeoutMs: 200, backoffMs: 1 });
    await expect(client.request('demo', { path: '/api/portals' })).resolves.toEqual([1, 2]);
    expect(server.received).toHaveLength(2);
  });

  it('refuses a write without an idempotency key, and an organisation without a key, before calling', async () => {
    const server = await scriptedServer([]);
    const client = createProductClient({ product: 'psa', baseUrl: server.url, integrationKeys: keys });
    await expect(client.request('demo', { method: 'POST', path: '/api/clients', body: {} })).rejects.toThrow(/idempotency key/);
    const error = (await client.request('demo-2', { path: '/api/clients' }).catch((e: unknown) => e)) as ProductCallError;
    expect(error.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', retryable: false });
    expect(error.message).toMatch(/not connected for organisation demo-2/);
    expect(server.received).toHaveLength(0);
  });
});

describe('product client with other credentials (bearer tokens)', () => {
  /** Hands out token-1, token-2… and drops the current one when the product refuses it, as Graph's token source does. */
  function countingTokens() {
    let issued = 0;
    let current: string | undefined;
    const rejected: string[] = [];
    const credentials: ProductCredentials = {
      headers: () => Promise.resolve({ authorization: `Bearer ${(current ??= `token-${++issued}`)}` }),
      rejected(_org, headers) {
        rejected.push(headers['authorization'] ?? '');
        current = undefined;
        return true;
      },
    };
    return { credentials, rejected };
  }

  it('sends the credentials’ headers and no X-Integration-Key; a 401 renews them once and the call succeeds', async () => {
    const server = await scriptedServer([
      { status: 200, body: { n: 1 } },
      { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'expired' } } },
      { status: 200, body: { n: 2 } },
    ]);
    const tokens = countingTokens();
    const client = createProductClient({ product: 'm365', baseUrl: server.url, credentials: tokens.credentials, backoffMs: 1 });
    await expect(client.request('demo', { path: '/v1.0/a' })).resolves.toEqual({ n: 1 });
    await expect(client.request('demo', { method: 'POST', path: '/v1.0/b', body: {}, idempotencyKey: 'k' })).resolves.toEqual({ n: 2 });
    expect(server.received.map((r) => r.headers['authorization'])).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-2']);
    expect(server.received.every((r) => r.headers['x-integration-key'] === undefined)).toBe(true);
    expect(tokens.rejected).toEqual(['Bearer token-1']);
  });

  it('renews once per call: a second 401 is a refusal with Graph’s message', async () => {
    const refused = { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } } };
    const server = await scriptedServer([refused, refused]);
    const tokens = countingTokens();
    const client = createProductClient({ product: 'm365', baseUrl: server.url, credentials: tokens.credentials, backoffMs: 1 });
    const error = (await client.request('demo', { path: '/v1.0/a' }).catch((e: unknown) => e)) as ProductCallError;
    expect(error.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', retryable: false, status: 401 });
    expect(error.message).toContain('Access token validation failure.');
    expect(server.received).toHaveLength(2);
  });

  it('retries a retryable failure to get credentials like a failed call, and gives up at once on a refusal', async () => {
    const server = await scriptedServer([{ status: 200, body: { ok: true } }]);
    let failures = 1;
    const flaky: ProductCredentials = {
      headers: () =>
        failures-- > 0 ? Promise.reject(new ProductCallError('m365', 'sign-in is down', { retryable: true })) : Promise.resolve({ authorization: 'Bearer t' }),
    };
    const client = createProductClient({ product: 'm365', baseUrl: server.url, credentials: flaky, backoffMs: 1 });
    await expect(client.request('demo', { path: '/v1.0/a' })).resolves.toEqual({ ok: true });
    const refusing: ProductCredentials = { headers: () => Promise.reject(new ProductCallError('m365', 'app refused', { retryable: false })) };
    const refused = createProductClient({ product: 'm365', baseUrl: server.url, credentials: refusing, backoffMs: 1 });
    await expect(refused.request('demo', { path: '/v1.0/a' })).rejects.toThrow('app refused');
    expect(server.received).toHaveLength(1);
  });
});

describe('CRM_INTEGRATION_KEY', () => {
  it('is one key for every organisation, or org=key pairs', () => {
    expect(parseIntegrationKeys('ogk_one')('any')).toBe('ogk_one');
    const perOrg = parseIntegrationKeys('demo=ogk_a, demo-2=ogk_b');
    expect([perOrg('demo'), perOrg('demo-2'), perOrg('other')]).toEqual(['ogk_a', 'ogk_b', undefined]);
    expect(parseIntegrationKeys(undefined)('demo')).toBeUndefined();
  });

  it('refuses a malformed value at start', () => {
    expect(() => parseIntegrationKeys('demo=ogk_a,=ogk_b')).toThrow(/not org=key/);
    expect(() => parseIntegrationKeys('demo=a,demo=b')).toThrow(/twice/);
    expect(() => parseIntegrationKeys('two keys')).toThrow(/one key/);
  });
});
