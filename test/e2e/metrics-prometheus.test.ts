import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import { graphqlRequest, liveSubscribe, startPrometheus, type PrometheusServer } from '@onegraph/testing';
import { ticketEvent } from './helpers.ts';
import { useStack } from './fixture.ts';

const QUERY = /* GraphQL */ `
  query AcmeWithPsa {
    company(id: "cmp_acme") {
      name
      psa {
        linked
        openTickets
      }
    }
  }
`;

const SUBSCRIPTION = /* GraphQL */ `
  subscription AcmeActivity {
    companyActivity(companyId: "cmp_acme") {
      id
      summary
    }
  }
`;

/** The value of a query's single series (the sum of its series), or undefined while it has none. */
const valueOf = async (prometheus: PrometheusServer, promql: string) => {
  const samples = await prometheus.query(promql);
  return samples.length === 0 ? undefined : samples.reduce((sum, s) => sum + s.value, 0);
};

describe('a real Prometheus scrapes the gateway and both subgraphs during an end-to-end flow', () => {
  const stack = useStack({ metrics: true });
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    prometheus = await startPrometheus({
      targets: {
        gateway: `${stack.urls.gateway}/metrics`,
        crm: new URL('/metrics', stack.urls.crm).href,
        integrations: new URL('/metrics', stack.urls.integrations).href,
      },
    });
  });
  // registered after useStack's: runs before the stack closes
  afterAll(() => prometheus?.dispose());

  it('sees request, subgraph, consumer and subscription metrics move', async () => {
    await expect.poll(() => prometheus.targets(), { timeout: 20_000 }).toEqual({ gateway: 'up', crm: 'up', integrations: 'up' });

    // a query joining both subgraphs, with the request id the gateway returns
    const token = await stack.token('demo');
    const answer = await graphqlRequest(stack.urls.graphql, QUERY, {}, token);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    // a subscriber, and a PSA event that crm puts on the timeline and the gateway pushes
    const sub = await liveSubscribe(stack.urls.graphql, token, { query: SUBSCRIPTION });
    await stack.bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_acme', ticketNumber: 'ACM-3001', summary: 'Scraped' }));
    await sub.waitFor(1);

    const poll = (promql: string) => expect.poll(() => valueOf(prometheus, promql), { timeout: 20_000, interval: 250 });
    // requests by operation type and name, and the gateway's own share of them
    await poll(
      'sum(http_server_request_duration_count{job="gateway",graphql_operation_type="query",graphql_operation_name="AcmeWithPsa"})',
    ).toBeGreaterThanOrEqual(1);
    await poll('sum(onegraph_gateway_overhead_duration_count{job="gateway",graphql_operation_name="AcmeWithPsa"})').toBeGreaterThanOrEqual(1);
    // subgraph fetches, per subgraph
    await poll('sum(http_client_request_duration_count{job="gateway",onegraph_subgraph_name="crm"})').toBeGreaterThanOrEqual(1);
    await poll('sum(http_client_request_duration_count{job="gateway",onegraph_subgraph_name="integrations"})').toBeGreaterThanOrEqual(1);
    // the subgraphs' own requests and SQL statements
    await poll('sum(http_server_request_duration_count{job="crm",http_route="/graphql"})').toBeGreaterThanOrEqual(1);
    await poll('sum(db_client_operation_duration_count{job="crm",db_operation_name="SELECT"})').toBeGreaterThanOrEqual(1);
    // the PSA event: consumed by crm and integrations, crm's outbox event published and consumed by the gateway's fan-out
    await poll('sum(messaging_client_consumed_messages_total{job="crm",messaging_destination_name="onestack.psa.events"})').toBeGreaterThanOrEqual(1);
    await poll('sum(messaging_client_consumed_messages_total{job="integrations",messaging_destination_name="onestack.psa.events"})').toBeGreaterThanOrEqual(1);
    await poll('sum(messaging_client_sent_messages_total{job="crm",messaging_destination_name="onestack.crm.events"})').toBeGreaterThanOrEqual(1);
    await poll('sum(messaging_process_duration_count{job="gateway",messaging_consumer_group_name="ephemeral"})').toBeGreaterThanOrEqual(1);
    // consumer lag, per partition, reported for crm's PSA consumer (and caught up)
    await poll('count(onegraph_messaging_consumer_lag{job="crm",messaging_destination_name="onestack.psa.events"})').toBeGreaterThanOrEqual(1);
    await poll('sum(onegraph_messaging_consumer_lag{job="crm",messaging_destination_name="onestack.psa.events"})').toBe(0);
    await poll('sum(onegraph_outbox_backlog{job="crm"})').toBe(0);
    // subscriptions: one open on the field, one connection, the push delivered
    await poll('sum(onegraph_subscriptions_active{job="gateway",graphql_field_name="companyActivity"})').toBe(1);
    await poll('sum(onegraph_graphql_ws_connections{job="gateway"})').toBe(1);
    await poll('sum(onegraph_subscriptions_pushes_total{job="gateway",graphql_field_name="companyActivity"})').toBeGreaterThanOrEqual(1);

    sub.unsubscribe();
    await sub.client.dispose();
    await poll('sum(onegraph_subscriptions_active{job="gateway",graphql_field_name="companyActivity"})').toBe(0);
    await poll('sum(onegraph_graphql_ws_connections{job="gateway"})').toBe(0);
  });

  it('answers /ready on every service with each check, and keeps labels free of organisations and users', async () => {
    for (const url of [stack.urls.gateway, new URL('/', stack.urls.crm).href.slice(0, -1), new URL('/', stack.urls.integrations).href.slice(0, -1)]) {
      const res = await fetch(`${url}/ready`);
      expect(res.status, url).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ready' });
    }
    const gateway = (await (await fetch(`${stack.urls.gateway}/ready`)).json()) as { checks: { name: string; ok: boolean }[] };
    expect(gateway.checks.map((c) => c.name)).toEqual(['shutdown', 'supergraph', 'subgraph:crm', 'subgraph:integrations', 'kafka', 'consumers', 'mcp']);
    const crm = (await (await fetch(new URL('/ready', stack.urls.crm))).json()) as { checks: { name: string }[] };
    expect(crm.checks.map((c) => c.name)).toEqual(['shutdown', 'database', 'migrations', 'kafka', 'consumers']);

    const scraped = await Promise.all(
      [`${stack.urls.gateway}/metrics`, new URL('/metrics', stack.urls.crm), new URL('/metrics', stack.urls.integrations)].map(async (u) =>
        (await fetch(u)).text(),
      ),
    );
    for (const text of scraped) {
      expect(text).not.toMatch(/\borg(_id)?="/);
      expect(text).not.toContain('demo');
      expect(text).not.toContain('user-demo');
    }
  });
});
