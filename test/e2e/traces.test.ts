import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlRequest, OtlpSpanKind, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@onegraph/testing';
import { parseTracingConfig, startTracing, type Tracing } from '@onegraph/tracing';
import { CompanyWithPsaDocument } from '../../gateway/test/generated/operations.ts';
import { useStack } from './fixture.ts';

// The stack runs in this process, so one SDK exports every service's spans;
// each service's spans carry its own instrumentation scope (tracer name).
const GATEWAY = '@onegraph/gateway';
const CRM = '@onegraph/crm-subgraph';
const INTEGRATIONS = '@onegraph/integrations-subgraph';

describe('OpenTelemetry traces: gateway, subgraphs, database and Bus, exported over OTLP/HTTP JSON', () => {
  let otlp: OtlpReceiver;
  let tracing: Tracing;
  // before the stack starts (hooks run in the order registered), so everything it builds sees the SDK
  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    const { config, problems } = parseTracingConfig(
      { OTEL_SERVICE_NAME: 'onegraph-e2e', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
      'onegraph',
    );
    expect(problems).toEqual([]);
    tracing = startTracing(config, { exportEachSpan: true });
  });
  const stack = useStack();
  afterAll(async () => {
    await tracing.shutdown();
    await otlp.close();
  });

  const inTrace = (traceId: string) => otlp.spans.filter((s) => s.traceId === traceId);
  const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) => spans.filter((s) => s.parentSpanId === parent.spanId);

  it('continues the caller’s traceparent: gateway SERVER span, a CLIENT span per subgraph fetch under it, each subgraph’s SERVER span under its fetch, statements under those', async () => {
    const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const callerSpanId = '1122334455667788';
    const token = await stack.token('demo');
    const res = await graphqlRequest(
      stack.urls.graphql,
      CompanyWithPsaDocument,
      { id: 'cmp_acme' },
      { headers: { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${callerSpanId}-01`, tracestate: 'vendor=abc' } },
    );
    expect(res.body.errors).toBeUndefined();

    const spans = await otlp.waitFor((all) => {
      const trace = all.filter((s) => s.traceId === traceId);
      const servers = trace.filter((s) => s.kind === OtlpSpanKind.SERVER);
      return servers.length >= 3 && trace.some((s) => s.scope === GATEWAY && s.kind === OtlpSpanKind.SERVER) ? trace : undefined;
    });
    const server = spans.find((s) => s.scope === GATEWAY && s.kind === OtlpSpanKind.SERVER)!;
    expect(server).toMatchObject({
      service: 'onegraph-e2e',
      parentSpanId: callerSpanId,
      name: 'query',
      attributes: {
        'graphql.operation.type': 'query',
        'graphql.operation.name': 'CompanyWithPsa',
        'http.request.method': 'POST',
        'http.response.status_code': 200,
      },
    });
    expect(server.attributes).not.toHaveProperty('graphql.document');

    const fetches = childrenOf(spans, server).filter((s) => s.kind === OtlpSpanKind.CLIENT);
    expect(fetches.map((s) => s.attributes['subgraph.name']).sort()).toEqual(['crm', 'integrations']);
    for (const fetch of fetches) {
      expect(fetch).toMatchObject({ scope: GATEWAY, name: 'POST', attributes: { 'http.request.method': 'POST', 'http.response.status_code': 200 } });
      const scope = fetch.attributes['subgraph.name'] === 'crm' ? CRM : INTEGRATIONS;
      const [subgraphServer, ...more] = childrenOf(spans, fetch);
      expect(more).toEqual([]);
      expect(subgraphServer).toMatchObject({ scope, kind: OtlpSpanKind.SERVER, name: 'query', attributes: { 'graphql.operation.type': 'query' } });
      // the subgraph's statements, under its SERVER span or a span below it
      const below = new Set([subgraphServer!.spanId]);
      for (let grew = true; grew;) {
        grew = false;
        for (const s of spans) if (below.has(s.parentSpanId) && !below.has(s.spanId)) grew = Boolean(below.add(s.spanId));
      }
      const statements = spans.filter((s) => s.scope === '@onegraph/db' && below.has(s.spanId));
      expect(statements.length).toBeGreaterThan(0);
      expect(statements[0]).toMatchObject({
        kind: OtlpSpanKind.CLIENT,
        attributes: { 'db.system.name': 'postgresql', 'db.namespace': fetch.attributes['subgraph.name'], 'db.operation.name': 'SELECT' },
      });
    }
    // the first time an operation is seen it is planned: a child span of the operation
    expect(childrenOf(spans, server).map((s) => s.name)).toContain('graphql.plan');
  });

  it('starts a new trace without a traceparent, and marks a failed operation', async () => {
    const token = await stack.token('demo');
    const res = await graphqlRequest(stack.urls.graphql, 'query Broken { company(id: "cmp_acme") { nope } }', {}, token);
    expect(res.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const server = await otlp.waitFor((all) => all.find((s) => s.scope === GATEWAY && s.kind === OtlpSpanKind.SERVER && s.status.code === 2));
    expect(server.parentSpanId).toBe('');
    expect(server.attributes['error.type']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(inTrace(server.traceId).map((s) => s.name)).toContain('graphql.validate');
  });
});
