import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import { graphqlRequest, liveSubscribe, OtlpSpanKind, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@onegraph/testing';
import { currentTraceCarrier, parseTracingConfig, SpanKind, startTracing, withSpan, type Tracing } from '@onegraph/tracing';
import { CompanyWithPsaDocument } from '../../gateway/test/generated/operations.ts';
import { ticketEvent } from './helpers.ts';
import { useStack } from './fixture.ts';

// The stack runs in this process, so one SDK exports every service's spans;
// each service's spans carry its own instrumentation scope (tracer name).
const GATEWAY = '@onegraph/gateway';
const CRM = '@onegraph/crm-subgraph';
const INTEGRATIONS = '@onegraph/integrations-subgraph';
const CONSUMERS = '@onegraph/consumers';

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
  /** The span and its ancestors that were received, nearest first. */
  const ancestry = (span: ReceivedSpan): ReceivedSpan[] => {
    const chain = [span];
    for (let at = span; at.parentSpanId;) {
      const parent = otlp.spans.find((s) => s.traceId === at.traceId && s.spanId === at.parentSpanId);
      if (!parent) break;
      chain.push((at = parent));
    }
    return chain;
  };
  const linksTo = (span: ReceivedSpan, target: ReceivedSpan) => span.links.some((l) => l.traceId === target.traceId && l.spanId === target.spanId);
  /** The gateway's CONSUMER span of an event (linked to the PRODUCER span that sent it) and the push under it. */
  const deliveredAs = (producer: ReceivedSpan, field: string) => (all: ReceivedSpan[]) => {
    const routed = all.find((s) => s.scope === GATEWAY && s.kind === OtlpSpanKind.CONSUMER && linksTo(s, producer));
    const push = routed && all.find((s) => s.name === `push ${field}` && s.parentSpanId === routed.spanId && s.traceId === routed.traceId);
    return push ? { routed, push } : undefined;
  };

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

  it('follows moveDeal through the outbox and onestack.crm.events to the pipelineUpdated push, as one causal chain', async () => {
    const traceId = 'b1b2c3d4e5f60718293a4b5c6d7e8f91';
    const token = await stack.token('demo', 'Admin');
    const sub = await liveSubscribe(stack.urls.graphql, token, {
      query: 'subscription { pipelineUpdated(pipelineId: "pl_demo_new_business") { id stage } }',
    });
    const { body } = await graphqlRequest<{ deal: { version: number } }>(stack.urls.graphql, '{ deal(id: "deal_acme_managed") { version } }', {}, token);
    const moved = await graphqlRequest(
      stack.urls.graphql,
      'mutation Move($v: Int!) { moveDeal(id: "deal_acme_managed", expectedVersion: $v, stageId: "stg_demo_nb_proposal") { id stage } }',
      { v: body.data!.deal.version },
      { headers: { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-aaaaaaaaaaaaaaaa-01` } },
    );
    expect(moved.body.errors).toBeUndefined();
    await sub.waitFor(1);
    await sub.dispose();

    // the relay sent the event under a PRODUCER span in the mutation's trace: gateway → crm → … → send
    const producer = await otlp.waitFor((all) =>
      all.find(
        (s) =>
          s.traceId === traceId &&
          s.kind === OtlpSpanKind.PRODUCER &&
          s.scope === CRM &&
          String(s.attributes['cloudevents.event_type']).startsWith('crm.deal.'),
      ),
    );
    expect(producer.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.operation.type': 'send' });
    expect(String(producer.attributes['messaging.destination.name'])).toMatch(/onestack\.crm\.events$/);
    const chain = ancestry(producer);
    expect(chain.at(-1)).toMatchObject({ scope: GATEWAY, kind: OtlpSpanKind.SERVER, name: 'mutation', parentSpanId: 'aaaaaaaaaaaaaaaa' });
    expect(chain.some((s) => s.scope === CRM && s.kind === OtlpSpanKind.SERVER)).toBe(true);

    // the gateway consumed it (CONSUMER span linked to the producer) and pushed it to the subscriber (a span under that, linked too)
    const { routed, push } = await otlp.waitFor(deliveredAs(producer, 'pipelineUpdated'));
    expect(routed.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.message.id': producer.attributes['messaging.message.id'],
    });
    expect(routed.attributes['messaging.consumer.group.name']).toEqual(expect.stringContaining('onegraph-gateway'));
    expect(linksTo(push, producer)).toBe(true);
  });

  it('follows psa.ticket.activity through crm’s consumer, its crm.activity.logged event and Kafka to the companyActivity push, linked to the subscription’s SERVER span', async () => {
    const token = await stack.token('demo');
    const sub = await liveSubscribe(stack.urls.graphql, token, { query: 'subscription { companyActivity(companyId: "cmp_acme") { id summary } }' });
    // PSA's side: the event is published in a trace of its own, which the event carries
    const psaTrace = await withSpan('psa-simulator', 'send onestack.psa.events', { kind: SpanKind.PRODUCER }, async (span) => {
      await stack.bus.publish(topicOf('psa'), {
        ...ticketEvent('demo', { crmCompanyId: 'cmp_acme', ticketNumber: 'ACM-3001', summary: 'Traced ticket' }),
        ...currentTraceCarrier(),
      });
      return span!.spanContext();
    });
    const [message] = await sub.waitFor(1);
    expect(message!.data!['companyActivity']).toMatchObject({ summary: 'Ticket ACM-3001: Traced ticket (open)' });
    await sub.dispose();

    const psa = await otlp.waitFor((all) => all.find((s) => s.spanId === psaTrace.spanId));
    // crm's consumer: a CONSUMER span (messaging attributes, its group) linked to PSA's span
    const consumed = await otlp.waitFor((all) =>
      all.find(
        (s) =>
          s.scope === CONSUMERS && s.kind === OtlpSpanKind.CONSUMER && s.attributes['messaging.consumer.group.name'] === 'crm.psa-events' && linksTo(s, psa),
      ),
    );
    expect(consumed.attributes).toMatchObject({ 'messaging.system': 'kafka', 'cloudevents.event_type': 'psa.ticket.activity' });
    expect(String(consumed.attributes['messaging.destination.name'])).toMatch(/onestack\.psa\.events$/);
    // the activity it logged went out through the outbox in the consumer's trace
    const producer = await otlp.waitFor((all) =>
      all.find((s) => s.traceId === consumed.traceId && s.kind === OtlpSpanKind.PRODUCER && s.attributes['cloudevents.event_type'] === 'crm.activity.logged'),
    );
    expect(ancestry(producer).at(-1)!.spanId).toBe(consumed.spanId);
    // and reached the subscriber
    const { push } = await otlp.waitFor(deliveredAs(producer, 'companyActivity'));
    expect(push.attributes).toMatchObject({ 'onegraph.subscription.field': 'companyActivity' });
    // the subscription itself: a SERVER span when graphql-ws admitted it, which the push links to
    const admitted = await otlp.waitFor((all) =>
      all.find((s) => s.scope === GATEWAY && s.kind === OtlpSpanKind.SERVER && s.name === 'subscription' && linksTo(push, s)),
    );
    expect(admitted.attributes).toMatchObject({
      'graphql.operation.type': 'subscription',
      'onegraph.subscription.field': 'companyActivity',
      'network.protocol.name': 'websocket',
    });
  });
});
