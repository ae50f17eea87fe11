import { afterAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '@onegraph/schema';
import { createGateway, type Gateway } from '../src/index.ts';

const post = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ __typename }' }) });

describe('X-Request-Id', () => {
  const gateways: Gateway[] = [];
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
  });
  const start = async (trustRequestId: boolean) => {
    const gateway = await createGateway({ supergraph: { sdl: composeSupergraph() }, auth: { mode: 'none' }, trustRequestId });
    gateways.push(gateway);
    return gateway.listen();
  };

  it('gives every answer a new id, ignoring what an untrusted caller sent', async () => {
    const url = await start(false);
    const first = await post(url, { 'x-request-id': 'from-the-client' });
    const second = await post(url);
    expect(first.status).toBe(200);
    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('keeps the id a trusted proxy sent, unless it is no plain token', async () => {
    const url = await start(true);
    expect((await post(url, { 'x-request-id': 'lb-7f3a.42' })).headers.get('x-request-id')).toBe('lb-7f3a.42');
    expect((await post(url, { 'x-request-id': 'x'.repeat(200) })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
