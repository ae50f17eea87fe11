import { describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import { graphqlRequest, liveSubscribe } from '@onegraph/testing';
import { ticketEvent } from './helpers.ts';
import { useStack } from './fixture.ts';

const LIVE = `subscription($companyId: ID!) { companyActivity(companyId: $companyId) { id summary company { id } } }`;

describe('tenant isolation between organisations demo and demo-2, on real Kafka', () => {
  const stack = useStack();

  it('a demo-2 user cannot read demo’s companies, contacts, deals or activities, by id or by list', async () => {
    const token = await stack.token('demo-2');
    const byId = await graphqlRequest(
      stack.urls.graphql,
      `{ company(id: "cmp_acme") { id } contact(id: "con_acme_jane") { id } deal(id: "deal_acme_managed") { id } activity(id: "act_acme_note") { id } }`,
      {},
      token,
    );
    expect(byId.body).toEqual({ data: { company: null, contact: null, deal: null, activity: null } });

    const list = await graphqlRequest<{ companies: { edges: { node: { id: string } }[] } }>(
      stack.urls.graphql,
      `{ companies(first: 50) { edges { node { id } } } }`,
      {},
      token,
    );
    expect(list.body.data!.companies.edges.map((e) => e.node.id).sort()).toEqual(['cmp_harbor', 'cmp_northwind']);
  });

  it('refuses a demo-2 subscription to a demo company at subscribe time', async () => {
    const sub = await liveSubscribe(stack.urls.graphql, await stack.token('demo-2'), { query: LIVE, variables: { companyId: 'cmp_acme' } });
    await sub.ended();
    expect(sub.error).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
    await sub.client.dispose();
  });

  it('delivers demo’s events to demo’s subscribers only', async () => {
    const demo = await liveSubscribe(stack.urls.graphql, await stack.token('demo'), { query: LIVE, variables: { companyId: 'cmp_acme' } });
    const demo2 = await liveSubscribe(stack.urls.graphql, await stack.token('demo-2'), { query: LIVE, variables: { companyId: 'cmp_northwind' } });

    // a forged event: org demo-2 naming demo's company is dropped by crm (unknown in demo-2)
    await stack.bus.publish(topicOf('psa'), ticketEvent('demo-2', { crmCompanyId: 'cmp_acme', summary: 'forged' }));
    await stack.bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_acme', summary: 'for demo' }));
    await stack.bus.publish(topicOf('psa'), ticketEvent('demo-2', { crmCompanyId: 'cmp_northwind', summary: 'for demo-2' }));

    const [forDemo] = await demo.waitFor(1);
    const [forDemo2] = await demo2.waitFor(1);
    expect(forDemo!.data).toMatchObject({ companyActivity: { summary: expect.stringContaining('for demo'), company: { id: 'cmp_acme' } } });
    expect(forDemo2!.data).toMatchObject({ companyActivity: { summary: expect.stringContaining('for demo-2'), company: { id: 'cmp_northwind' } } });
    // each got its own event and nothing else (the demo-2 event was published last, so demo has seen everything before it)
    expect(demo.messages).toHaveLength(1);
    expect(demo2.messages).toHaveLength(1);
    await demo.client.dispose();
    await demo2.client.dispose();
  });

  it('refuses requests without a valid token, and subgraphs refuse calls that bypass the gateway', async () => {
    const anonymous = await graphqlRequest(stack.urls.graphql, `{ company(id: "cmp_acme") { id } }`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');

    const forged = await graphqlRequest(stack.urls.graphql, `{ company(id: "cmp_acme") { id } }`, {}, 'eyJhbGciOiJub25lIn0.eyJvcmciOiJkZW1vIn0.');
    expect(forged.status).toBe(401);

    for (const url of [stack.urls.crm, stack.urls.integrations]) {
      const direct = await graphqlRequest(url, `{ __typename }`);
      expect(direct.status).toBe(401);
      expect(direct.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    }
  });
});
