import { randomBytes } from 'node:crypto';
import type { ClientRequestArgs } from 'node:http';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { type ClientOptions } from 'ws';
import { createHubTokenVerifier, createInternalTokens, DEV_AUDIENCE, DEV_ISSUER, loadDevKeys, type DevKeys } from '@onegraph/auth';
import { createBus, createEnvelope, type Bus } from '@onegraph/bus';
import { createGateway, mcpPlugin, type Gateway, type GatewayPlugin } from '@onegraph/gateway';
import { createLogger, type Logger } from '@onegraph/log';
import { createMetrics, type Metrics } from '@onegraph/metrics';
import { OtlpSpanKind, sseSubscribe, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@onegraph/testing';
import { parseTracingConfig, startTracing, type Tracing } from '@onegraph/tracing';
import { composeProducts, startProductSubgraphs } from './fixtures.ts';
import { wsPlugin } from './transports.ts';

const GATEWAY = '@onegraph/gateway';
const SUBSCRIBE = 'subscription Watch { productChanged(upc: "1") { upc name } }';

/** A plugin that logs every GraphQL request it sees through the gateway's logger, as a deployment's own plugin would. */
const loggingPlugin = (): GatewayPlugin => {
  let log: Logger | undefined;
  return {
    name: 'request logging',
    setup: (context) => void (log = context.log),
    onRequest: () => void log?.info('test plugin: request seen'),
  };
};

/** A graphql-ws client whose upgrade request carries `X-Request-Id` (as a load balancer in front would set it). */
const withRequestId = (requestId: string) =>
  class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[], options?: ClientOptions | ClientRequestArgs) {
      super(address, protocols, { ...options, headers: { 'x-request-id': requestId } });
    }
  };

describe('observability of the gateway: request ids and trace ids on log lines, subscription and MCP spans, MCP metrics', () => {
  let subgraphs: Awaited<ReturnType<typeof startProductSubgraphs>>;
  let keys: DevKeys;
  let otlp: OtlpReceiver;
  let tracing: Tracing;
  let bus: Bus;
  let metrics: Metrics;
  let gateway: Gateway;
  let base: string;
  let member: string;
  const lines: Record<string, unknown>[] = [];
  const mcpClients: McpClient[] = [];

  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    const { config } = parseTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'onegraph-gateway');
    tracing = startTracing(config, { exportEachSpan: true });
    subgraphs = await startProductSubgraphs('', { subscription: true });
    keys = await loadDevKeys();
    member = await keys.issueToken({ org: 'demo', role: 'Member' });
    bus = createBus({});
    metrics = createMetrics({ service: 'onegraph-gateway' });
    gateway = await createGateway({
      supergraph: { sdl: composeProducts({ products: subgraphs.products.url, reviews: subgraphs.reviews.url }, '', { subscription: true }) },
      auth: { mode: 'hub', verify: createHubTokenVerifier({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }) },
      internalTokens: createInternalTokens(randomBytes(32).toString('hex')),
      bus,
      plugins: [wsPlugin, loggingPlugin(), mcpPlugin()],
      metrics,
      trustRequestId: true,
      log: createLogger('onegraph-gateway', 'info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
    });
    base = await gateway.listen();
  });
  afterAll(async () => {
    for (const client of mcpClients) await client.close();
    await gateway?.close();
    await bus?.close();
    await metrics?.shutdown();
    await subgraphs?.stop();
    await tracing?.shutdown();
    await otlp?.close();
  });

  const mcp = async (requestId: string) => {
    const client = new McpClient({ name: 'observability test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${member}`, 'x-request-id': requestId } } }),
    );
    mcpClients.push(client);
    return client;
  };
  const logged = (msg: string) => lines.filter((line) => line['msg'] === msg);

  it('puts the request id and the trace id on every line logged while serving an HTTP request', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${member}`,
        'x-request-id': 'lb-req-http-1',
        traceparent: `00-${traceId}-b7ad6b7169203331-01`,
      },
      body: JSON.stringify({ query: '{ products { upc } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('lb-req-http-1');
    const [line, ...more] = logged('test plugin: request seen');
    expect(more).toEqual([]);
    expect(line).toMatchObject({ requestId: 'lb-req-http-1', trace_id: traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('gives every answer its id, routes other than /graphql included', async () => {
    const res = await fetch(`${base}/mcp`, { method: 'POST', headers: { 'x-request-id': 'lb-req-mcp-0' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe('lb-req-mcp-0');
  });

  it('puts the connection’s request id on the lines logged while serving a graphql-ws message', async () => {
    const client = createClient({
      url: `${base.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: withRequestId('lb-req-ws-1'),
      connectionParams: { authorization: 'Bearer not-a-token' },
      retryAttempts: 0,
    });
    const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    client.subscribe({ query: '{ products { upc } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    expect(await closed).toBe(4403);
    await client.dispose();
    expect(logged('gateway: websocket connection refused')).toEqual([expect.objectContaining({ requestId: 'lb-req-ws-1' })]);
  });

  it('puts the request id and the execute_tool span’s trace id on an MCP tool call’s lines', async () => {
    const client = await mcp('lb-req-mcp-1');
    await client.callTool({ name: 'search_schema', arguments: { words: 'product' } });
    const line = logged('mcp: tool call').find((l) => l['tool'] === 'search_schema');
    expect(line).toMatchObject({ requestId: 'lb-req-mcp-1', trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const span = await otlp.waitFor((spans) => spans.find((s) => s.name === 'execute_tool search_schema'));
    expect(span).toMatchObject({
      scope: GATEWAY,
      kind: OtlpSpanKind.INTERNAL,
      traceId: line!['trace_id'],
      attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search_schema', 'gen_ai.tool.type': 'function' },
    });
  });

  it('counts MCP tool calls and their durations per tool and outcome, an unknown tool as other, and marks a failed call’s span', async () => {
    const client = await mcp('lb-req-mcp-2');
    await client.callTool({ name: 'search_schema', arguments: { words: 'review' } });
    await client.callTool({ name: 'search_schema', arguments: {} });
    await client.callTool({ name: 'no_such_tool_9f2c', arguments: {} });
    const text = await (await fetch(`${base}/metrics`)).text();
    const sample = (name: string, tool: string, outcome: string) =>
      new RegExp(`^${name}\\{[^}]*tool="${tool}"[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1];
    expect(Number(sample('onegraph_mcp_tool_calls_total', 'search_schema', 'ok'))).toBeGreaterThanOrEqual(2);
    expect(sample('onegraph_mcp_tool_calls_total', 'search_schema', 'BAD_USER_INPUT')).toBe('1');
    expect(sample('onegraph_mcp_tool_calls_total', 'other', 'NOT_FOUND')).toBe('1');
    expect(sample('onegraph_mcp_tool_call_duration_count', 'search_schema', 'BAD_USER_INPUT')).toBe('1');
    expect(text).not.toContain('no_such_tool_9f2c');
    const failed = await otlp.waitFor((spans) => spans.find((s) => s.name === 'execute_tool no_such_tool_9f2c'));
    expect(failed).toMatchObject({ status: { code: 2 }, attributes: { 'error.type': 'NOT_FOUND' } });
  });

  it('traces each admitted subscription as a subscription SERVER span, over SSE and graphql-ws, and links each push to it', async () => {
    const isSubscriptionSpan = (s: ReceivedSpan) => s.scope === GATEWAY && s.kind === OtlpSpanKind.SERVER && s.name === 'subscription';
    const sse = await sseSubscribe(`${base}/graphql`, member, { query: SUBSCRIBE });
    const ws = createClient({
      url: `${base.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${member}` },
      retryAttempts: 0,
    });
    const overWs = new Promise<unknown>((resolve, reject) => ws.subscribe({ query: SUBSCRIBE }, { next: resolve, error: reject, complete: () => {} }));
    // graphql-ws: a SERVER span per subscribe message, ended once the subscription is admitted
    await otlp.waitFor((spans) => spans.find(isSubscriptionSpan));

    await bus.publish('test.products.events', createEnvelope({ type: 'product.changed', source: 'test', orgid: 'demo', data: { upc: '1' } }));
    const [message] = await sse.waitFor(1);
    expect(message?.data).toEqual({ productChanged: { upc: '1', name: 'Table' } });
    expect(await overWs).toMatchObject({ data: { productChanged: { upc: '1', name: 'Table' } } });
    await ws.dispose();
    // SSE: the request's SERVER span, named for its subscription, ends with the stream
    sse.dispose();
    const admitted = await otlp.waitFor((spans) => {
      const found = spans.filter(isSubscriptionSpan);
      return found.length >= 2 ? found : undefined;
    });
    for (const span of admitted) {
      expect(span.attributes).toMatchObject({
        'graphql.operation.type': 'subscription',
        'graphql.operation.name': 'Watch',
        'onegraph.subscription.field': 'productChanged',
      });
    }
    expect(admitted.map((s) => (s.attributes['http.request.method'] ? 'SSE' : s.attributes['network.protocol.name'])).sort()).toEqual(['SSE', 'websocket']);
    // each push: a span linked to the subscription it was written for (and to the event's producer, when it carries one)
    const pushes = await otlp.waitFor((spans) => {
      const found = spans.filter((s) => s.name === 'push productChanged');
      return found.length >= 2 ? found : undefined;
    });
    for (const subscription of admitted) {
      expect(pushes.some((push) => push.links.some((link) => link.spanId === subscription.spanId && link.traceId === subscription.traceId))).toBe(true);
    }
  });
});
