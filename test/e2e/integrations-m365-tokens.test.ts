import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphClient, createGraphTokenSource, type GraphTokenSource, type M365Apps } from '@onegraph/crm-subgraph';
import { ProductCallError, type OneStackEndpoints } from '@onegraph/onestack-clients';
import { createGraphSimulator, type GraphSimulator } from '@onegraph/simulators';

/**
 * The Graph token source (client credentials grant) against the Graph
 * simulator's token endpoint and Graph routes, on port 0. Time is a clock
 * both share, moved by the test: tokens expire without waiting.
 */
const SALES = 'sales@yourmsp.com';
const OTHER_SALES = 'sales@othermsp.com';

describe('Microsoft Graph tokens (client credentials grant)', () => {
  let clock = Date.parse('2026-11-29T09:00:00Z');
  const now = () => clock;
  let graph: GraphSimulator;
  let url: string;
  let apps: M365Apps;
  let endpoints: OneStackEndpoints;

  beforeAll(async () => {
    graph = createGraphSimulator({ now });
    url = await graph.listen();
    apps = graph.registerApps(['demo', 'demo-2']);
    graph.addMailbox('demo', SALES);
    graph.addMailbox('demo-2', OTHER_SALES);
    endpoints = { graph: url, integrationKeys: () => undefined, backoffMs: 1 };
  });
  afterAll(async () => {
    await graph?.close();
  });
  beforeEach(() => {
    graph.setTokenLifetime(3599);
    graph.setAvailable(true);
  });

  const sourceFor = (options: { apps?: M365Apps; loginUrl?: string } = {}): GraphTokenSource =>
    createGraphTokenSource({ apps: options.apps ?? apps, loginUrl: options.loginUrl ?? url, now });
  const clientOf = (tokens: GraphTokenSource) => createGraphClient({ baseUrl: url, endpoints, tokens });
  const issuedSince = (count: number) => graph.tokenRequests.slice(count);

  it('fetches a token once for concurrent callers and reuses it for many calls', async () => {
    const tokens = sourceFor();
    const before = graph.tokenRequests.length;
    const concurrent = await Promise.all([1, 2, 3, 4, 5].map(() => tokens.token('demo')));
    expect(new Set(concurrent).size).toBe(1);
    const client = clientOf(tokens);
    for (let i = 0; i < 5; i++) await client.deltaPage('demo', SALES, 'inbox', null);
    await client.sendMail(
      'demo',
      SALES,
      { subject: 'Hi', body: 'x', to: { address: 'jane@acmedental.com', name: 'Jane' }, internetMessageId: '<t1@onegraph.crm>' },
      'tokens-send-1',
    );
    expect(issuedSince(before)).toEqual([{ tenant: apps['demo']!.tenantId, clientId: apps['demo']!.clientId, org: 'demo', outcome: 'issued' }]);
    expect(graph.calls.slice(-6).map((c) => c.headers['authorization'])).toEqual(Array(6).fill(`Bearer ${concurrent[0]}`));
  });

  it('renews a token shortly before it expires, never after', async () => {
    graph.setTokenLifetime(60); // short-lived: renewed at half its life at the latest
    const tokens = sourceFor();
    const client = clientOf(tokens);
    const before = graph.tokenRequests.length;
    const first = await tokens.token('demo');
    clock += 29_000;
    expect(await tokens.token('demo')).toBe(first);
    await client.deltaPage('demo', SALES, 'inbox', null);
    clock += 2_000; // 31 s into 60: past the renewal point, still valid at Graph
    const second = await tokens.token('demo');
    expect(second).not.toBe(first);
    clock += 61_000; // long past both: renewed before the call, so Graph never sees an expired one
    await client.deltaPage('demo', SALES, 'inbox', null);
    expect(issuedSince(before).map((r) => r.outcome)).toEqual(['issued', 'issued', 'issued']);
    expect(graph.calls.at(-1)!.headers['authorization']).not.toBe(`Bearer ${second}`);
  });

  it('drops a token Graph refuses with 401 and retries the call once with a fresh one', async () => {
    const tokens = sourceFor();
    const client = clientOf(tokens);
    const held = await tokens.token('demo');
    const before = graph.tokenRequests.length;
    graph.revokeTokens('demo');
    const page = await client.deltaPage('demo', SALES, 'inbox', null);
    expect(page.next.complete).toBe(true);
    expect(issuedSince(before)).toMatchObject([{ org: 'demo', outcome: 'issued' }]);
    expect(await tokens.token('demo')).not.toBe(held);
  });

  it('refuses a wrong secret or an unknown app as a final error that names the app, never the secret', async () => {
    const app = apps['demo']!;
    const wrongSecret = sourceFor({ apps: { demo: { ...app, clientSecret: 'not~the~secret' } } });
    const calls = graph.calls.length;
    const refused = (await clientOf(wrongSecret)
      .deltaPage('demo', SALES, 'inbox', null)
      .catch((e: unknown) => e)) as ProductCallError;
    expect(refused).toBeInstanceOf(ProductCallError);
    expect(refused.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', product: 'm365', retryable: false, status: 401 });
    expect(refused.message).toMatch(
      /^Microsoft sign-in refused the app registration \(client id .+, tenant .+\) of organisation demo \(401 invalid_client: AADSTS7000215: Invalid client secret provided\.\): check M365_APP_CREDENTIALS$/,
    );
    expect(refused.message).not.toContain('not~the~secret');
    expect(graph.calls).toHaveLength(calls); // Graph was never called
    expect(graph.tokenRequests.at(-1)).toMatchObject({ org: 'demo', outcome: 'invalid_client' });

    const unknownApp = sourceFor({ apps: { demo: { ...app, clientId: '00000000-0000-4000-8000-000000000000' } } });
    const unknown = (await unknownApp.token('demo').catch((e: unknown) => e)) as ProductCallError;
    expect(unknown.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', retryable: false, status: 400 });
    expect(unknown.message).toMatch(/refused the app registration .* \(400 unauthorized_client: AADSTS700016/);
    // a refusal is not kept: the next call asks again (the admin may have fixed it)
    const asked = graph.tokenRequests.length;
    await unknownApp.token('demo').catch(() => {});
    expect(graph.tokenRequests).toHaveLength(asked + 1);
  });

  it('reports the token endpoint down or unreachable as retryable, and an organisation without an app as final', async () => {
    graph.setAvailable(false);
    const down = (await sourceFor()
      .token('demo')
      .catch((e: unknown) => e)) as ProductCallError;
    expect(down.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', product: 'm365', retryable: true, status: 503 });
    graph.setAvailable(true);

    // nothing listens on port 1: the connection is refused
    const unreachable = sourceFor({ loginUrl: 'http://127.0.0.1:1' });
    const network = (await unreachable.token('demo').catch((e: unknown) => e)) as ProductCallError;
    expect(network.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(network.message).toMatch(/did not answer the token request of organisation demo/);

    const tokens = sourceFor();
    expect(tokens.has('demo-9')).toBe(false);
    const before = graph.tokenRequests.length;
    const missing = (await clientOf(tokens)
      .deltaPage('demo-9', SALES, 'inbox', null)
      .catch((e: unknown) => e)) as ProductCallError;
    expect(missing.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', product: 'm365', retryable: false });
    expect(missing.message).toMatch(/not connected for organisation demo-9: it has no app registration/);
    expect(graph.tokenRequests).toHaveLength(before);
  });

  it('gives an app its own organisation’s mailboxes only, and Graph nothing without a live token', async () => {
    const client = clientOf(sourceFor());
    const denied = (await client.deltaPage('demo-2', SALES, 'inbox', null).catch((e: unknown) => e)) as ProductCallError;
    expect(denied.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', status: 403 });
    expect(denied.message).toMatch(/ErrorAccessDenied|Access is denied/);
    await expect(client.deltaPage('demo-2', OTHER_SALES, 'inbox', null)).resolves.toMatchObject({ next: { complete: true } });

    const anonymous = await fetch(`${url}/v1.0/users/${SALES}/mailFolders/inbox/messages/delta`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
    const withKey = await fetch(`${url}/v1.0/users/${SALES}/mailFolders/inbox/messages/delta`, { headers: { 'x-integration-key': 'ogk_anything' } });
    expect(withKey.status).toBe(401);
  });
});
