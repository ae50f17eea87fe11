import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createProductClient, integrationKeysFrom, parseIntegrationKeys, ProductCallError } from '../src/index.ts';

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
    const created = await client.request<{ id: string }>('demo', { method: 'POST', path: '/api/clients', body: { name: 'Acme' }, idempotencyKey: 'promote:cmp_1' });
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
    const error = (await client.request('demo', { method: 'POST', path: '/api/clients', body: {}, idempotencyKey: 'k' }).catch((e: unknown) => e)) as ProductCallError;
    expect(error.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', retryable: false, status: 422 });
    expect(error.message).toContain('name is required');
    expect(server.received).toHaveLength(1);
  });

  it('times out a call that hangs, and retries it', async () => {
    const server = await scriptedServer([{ status: 200, hang: true }, { status: 200, body: [1, 2] }]);
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
