import { randomBytes } from 'node:crypto';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHubTokenVerifier, createInternalTokens, DEV_AUDIENCE, DEV_ISSUER, loadDevKeys, type DevKeys } from '@onegraph/auth';
import { createBus, createEnvelope, type Bus } from '@onegraph/bus';
import { codedError, ErrorCode } from '@onegraph/errors';
import { createGateway, mcpPlugin, operationHash, type Gateway, type GatewayOptions } from '@onegraph/gateway';
import { sseSubscribe } from '@onegraph/testing';
import { composeProducts, startProductSubgraphs } from './fixtures.ts';
import { overWs, wsPlugin } from './transports.ts';

const VALID = `{ products { upc name } }`;
const UNLISTED = `{ products { price } }`;
const DEEP = `{ products { ${'related { '.repeat(14)}upc${' }'.repeat(14)} } }`;
const TYPO = `{ products { nme } }`;

type Transport = 'POST' | 'GET' | 'batch' | 'graphql-ws' | 'SSE' | 'MCP';
const transports: readonly Transport[] = ['POST', 'GET', 'batch', 'graphql-ws', 'SSE', 'MCP'];

/** What a caller sees of one send: the operations that ran, and the first refusal's code and message. */
interface Outcome {
  ran: number;
  code: unknown;
  message: string | undefined;
}
interface Body {
  data?: unknown;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

const outcomeOf = (bodies: Body[]): Outcome => {
  const refused = bodies.find((b) => b.errors?.length);
  return {
    ran: bodies.filter((b) => !b.errors?.length && b.data).length,
    code: refused?.errors?.[0]?.extensions?.['code'],
    message: refused?.errors?.[0]?.message,
  };
};

/**
 * Each control of the gateway, over each transport: refused with the same
 * code as over POST. A batch sends the operation after a valid one (the
 * batch is refused, or that operation is); graphql-ws sends it on one
 * connection per caller; SSE opens one event stream per operation; MCP
 * sends it as the `run_query` tool, in one session per caller.
 */
describe('transport matrix: every control holds over POST, GET, batches, graphql-ws, SSE and MCP alike', () => {
  let subgraphs: Awaited<ReturnType<typeof startProductSubgraphs>>;
  let keys: DevKeys;
  const gateways: Gateway[] = [];
  const buses: Bus[] = [];
  const clients = new Map<string, Client>();
  const mcpClients = new Map<string, McpClient>();

  const start = async (extra: Partial<GatewayOptions> = {}) => {
    const bus = createBus({});
    buses.push(bus);
    const gateway = await createGateway({
      supergraph: { sdl: composeProducts({ products: subgraphs.products.url, reviews: subgraphs.reviews.url }) },
      auth: { mode: 'hub', verify: createHubTokenVerifier({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }) },
      internalTokens: createInternalTokens(randomBytes(32).toString('hex')),
      bus,
      plugins: [wsPlugin, mcpPlugin()],
      ...extra,
    });
    gateways.push(gateway);
    return `${await gateway.listen()}/graphql`;
  };

  const client = (url: string, bearer: string) => {
    const key = `${url} ${bearer}`;
    let existing = clients.get(key);
    if (!existing) {
      existing = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${bearer}` },
        retryAttempts: 0,
      });
      clients.set(key, existing);
    }
    return existing;
  };

  const mcpClient = async (url: string, bearer: string) => {
    const key = `${url} ${bearer}`;
    let existing = mcpClients.get(key);
    if (!existing) {
      existing = new McpClient({ name: 'transport matrix', version: '1.0.0' });
      const endpoint = new URL(url.replace(/\/graphql$/, '/mcp'));
      await existing.connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { headers: { authorization: `Bearer ${bearer}` } } }));
      mcpClients.set(key, existing);
    }
    return existing;
  };

  /** Sends `query` as `transport` does. */
  async function send(transport: Transport, url: string, bearer: string, query: string): Promise<Outcome> {
    const authorization = `Bearer ${bearer}`;
    switch (transport) {
      case 'POST': {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query }) });
        return outcomeOf([(await res.json()) as Body]);
      }
      case 'GET': {
        const res = await fetch(`${url}?${new URLSearchParams({ query })}`, { headers: { authorization, 'apollo-require-preflight': 'true' } });
        return outcomeOf([(await res.json()) as Body]);
      }
      case 'batch': {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify([{ query: VALID }, { query }]),
        });
        const body = (await res.json()) as Body | Body[];
        return outcomeOf(Array.isArray(body) ? body : [body]);
      }
      case 'graphql-ws':
        return outcomeOf([await overWs(client(url, bearer), { query })]);
      case 'SSE': {
        // GraphQL over SSE, distinct connections: a refusal is a JSON body, a result is the stream's `next` events
        const stream = await sseSubscribe(url, bearer, { query });
        if (stream.refusal) return outcomeOf([stream.refusal as Body]);
        await stream.ended();
        return outcomeOf(stream.messages as Body[]);
      }
      case 'MCP': {
        const result = (await (await mcpClient(url, bearer)).callTool({ name: 'run_query', arguments: { query } })) as CallToolResult;
        return outcomeOf([result.structuredContent as Body]);
      }
      default: {
        const unreachable: never = transport;
        throw new Error(`unknown transport ${String(unreachable)}`);
      }
    }
  }

  let urls: { persisted: string; limits: string; rate: string; closed: string };
  let member: string;
  beforeAll(async () => {
    subgraphs = await startProductSubgraphs();
    keys = await loadDevKeys();
    member = await keys.issueToken({ org: 'demo', role: 'Member' });
    urls = {
      persisted: await start({ persistedOperations: { manifest: { [operationHash(VALID)]: VALID }, requiredFor: ['user'] } }),
      limits: await start(),
      rate: await start({ rateLimit: { points: 2, durationSec: 60 } }),
      closed: await start({ introspection: false }),
    };
  });
  afterAll(async () => {
    for (const c of clients.values()) await c.dispose();
    for (const c of mcpClients.values()) await c.close();
    for (const g of gateways) await g.close();
    for (const b of buses) await b.close();
    await subgraphs?.stop();
  });

  it.each(transports)('persisted operations over %s: an unlisted operation is refused with PERSISTED_QUERY_NOT_ALLOWED', async (transport) => {
    const outcome = await send(transport, urls.persisted, member, UNLISTED);
    expect(outcome.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(outcome.ran).toBe(0);
  });

  it.each(transports)('operation limits over %s: a too deep operation is refused with BAD_USER_INPUT', async (transport) => {
    const outcome = await send(transport, urls.limits, member, DEEP);
    expect(outcome.code).toBe('BAD_USER_INPUT');
    expect(outcome.message).toMatch(/depth/i);
  });

  it.each(transports)('rate limits over %s: every operation counts one; beyond the limit, RATE_LIMIT_EXCEEDED', async (transport) => {
    const caller = await keys.issueToken({ org: 'demo', role: 'Member', sub: `rate-${transport}` });
    let ran = 0;
    let outcome: Outcome | undefined;
    for (let i = 0; i < 3 && !outcome?.code; i++) {
      outcome = await send(transport, urls.rate, caller, VALID);
      ran += outcome.ran;
    }
    expect(outcome?.code).toBe('RATE_LIMIT_EXCEEDED');
    // 2 a minute: two operations ran, whether as two requests, one batch of two, or two over one socket
    expect(ran).toBe(2);
  });

  it.each(transports)('with introspection off, over %s: a misspelt field is refused without suggestions', async (transport) => {
    const outcome = await send(transport, urls.closed, member, TYPO);
    expect(outcome.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(outcome.message).not.toMatch(/Did you mean/);
  });
});

/**
 * Revocation over the two subscription transports: a graphql-ws connection
 * and an SSE stream opened with a credential that is then revoked (its
 * verification now refuses it) both end when the gateway re-verifies it:
 * the connection with close code 4401 (graphql-ws' Unauthorized), the stream
 * with an UNAUTHENTICATED error event, then `complete`.
 */
describe('transport matrix: open subscriptions end when their credential is revoked, over graphql-ws and SSE alike', () => {
  let subgraphs: Awaited<ReturnType<typeof startProductSubgraphs>>;
  let keys: DevKeys;
  let gateway: Gateway;
  let bus: Bus;
  let url: string;
  const revoked = new Set<string>();
  const SUBSCRIBE = 'subscription { productChanged(upc: "1") { upc } }';

  beforeAll(async () => {
    subgraphs = await startProductSubgraphs('', { subscription: true });
    keys = await loadDevKeys();
    const verify = createHubTokenVerifier({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE });
    bus = createBus({});
    gateway = await createGateway({
      supergraph: { sdl: composeProducts({ products: subgraphs.products.url, reviews: subgraphs.reviews.url }, '', { subscription: true }) },
      // a token Hub revoked no longer verifies (as a key removed from its JWKS, or a revoked integration key)
      auth: {
        mode: 'hub',
        verify: async (token) => {
          if (revoked.has(token)) throw codedError(ErrorCode.UNAUTHENTICATED, 'The token was revoked');
          return verify(token);
        },
      },
      internalTokens: createInternalTokens(randomBytes(32).toString('hex')),
      bus,
      plugins: [wsPlugin],
      connections: { recheckEveryMs: 50 },
    });
    url = `${await gateway.listen()}/graphql`;
  });
  afterAll(async () => {
    await gateway?.close();
    await bus?.close();
    await subgraphs?.stop();
  });

  it('graphql-ws: the connection is closed with 4401', async () => {
    const token = await keys.issueToken({ org: 'demo', role: 'Member', sub: 'revoked-over-ws' });
    const ws = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('closed', (event) => resolve(event as { code: number; reason: string })));
    const subscribed = new Promise<void>((resolve) => ws.on('connected', () => resolve()));
    ws.subscribe({ query: SUBSCRIBE }, { next: () => {}, error: () => {}, complete: () => {} });
    await subscribed;
    revoked.add(token);
    expect(await closed).toMatchObject({ code: 4401, reason: 'Unauthorized: credentials no longer valid' });
    await ws.dispose();
  });

  it('SSE: the stream ends with UNAUTHENTICATED, after delivering what came before', async () => {
    const token = await keys.issueToken({ org: 'demo', role: 'Member', sub: 'revoked-over-sse' });
    const stream = await sseSubscribe(url, token, { query: SUBSCRIBE });
    expect(stream.status).toBe(200);
    await bus.publish('test.products.events', createEnvelope({ type: 'product.changed', source: 'test', orgid: 'demo', data: { upc: '1' } }));
    expect((await stream.waitFor(1))[0]?.data).toEqual({ productChanged: { upc: '1' } });
    revoked.add(token);
    await stream.ended();
    const last = stream.messages.at(-1);
    expect(last?.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(last?.errors?.[0]?.message).toMatch(/no longer valid/);
    expect(stream.completed).toBe(true);
  });
});
