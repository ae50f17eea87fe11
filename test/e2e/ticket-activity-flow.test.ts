import { describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import { graphqlRequest, liveSubscribe } from '@onegraph/testing';
import { CompanyWithPsaDocument } from '../../gateway/test/generated/operations.ts';
import { ticketEvent } from './helpers.ts';
import { useStack } from './fixture.ts';

const SUBSCRIPTION = /* GraphQL */ `
  subscription Live($companyId: ID!) {
    companyActivity(companyId: $companyId) {
      id
      type
      summary
      source
      company {
        id
        name
        psa {
          linked
          psaClientId
          openTickets
        }
      }
    }
  }
`;

describe('PSA ticket activity → CRM timeline → live subscription, on real Kafka', () => {
  const stack = useStack();

  it('serves a federated query joining crm and integrations fields for a demo token', async () => {
    const token = await stack.token('demo');
    const res = await graphqlRequest(stack.urls.graphql, CompanyWithPsaDocument, { id: 'cmp_acme' }, token);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    // typed by codegen from gateway/test/operations/company.graphql
    const company = res.body.data!.company!;
    expect(company).toEqual({
      id: 'cmp_acme',
      name: 'Acme Dental Group',
      status: 'CUSTOMER',
      contacts: [
        { id: 'con_acme_jane', name: 'Jane Okafor', email: 'jane@acmedental.com' },
        { id: 'con_acme_raj', name: 'Raj Patel', email: 'raj@acmedental.com' },
      ],
      deals: [{ id: 'deal_acme_managed', title: 'Managed services renewal', stage: 'Negotiation', value: '48000.00', currency: 'USD', status: 'OPEN' }],
      psa: { linked: false, psaClientId: null, openTickets: 0, latestCsat: null },
    });
  });

  it('stores the ticket on the timeline and pushes it to the company’s subscribers with fields from both subgraphs', async () => {
    const token = await stack.token('demo');
    // The two subgraphs consume PSA events independently (eventual
    // consistency): let both take the first ticket before subscribing —
    // integrations links the company (so what the push shows of it is known),
    // crm puts it on the timeline (so it is not the push this test waits for).
    await stack.bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_acme', ticketNumber: 'ACM-2000', summary: 'New starter laptop' }));
    await expect
      .poll(
        async () =>
          (
            await graphqlRequest(
              stack.urls.graphql,
              `{ company(id: "cmp_acme") { psa { linked openTickets } activities(first: 1, filter: { types: [TICKET] }) { edges { node { summary } } } } }`,
              {},
              token,
            )
          ).body.data,
        { timeout: 20_000 },
      )
      .toEqual({
        company: {
          psa: { linked: true, openTickets: 1 },
          activities: { edges: [{ node: { summary: 'Ticket ACM-2000: New starter laptop (open)' } }] },
        },
      });

    const sub = await liveSubscribe(stack.urls.graphql, token, { query: SUBSCRIPTION, variables: { companyId: 'cmp_acme' } });
    // a subscriber of another company of the same org must not get it
    const other = await liveSubscribe(stack.urls.graphql, token, { query: SUBSCRIPTION, variables: { companyId: 'cmp_brightline' } });

    await stack.bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_acme', ticketNumber: 'ACM-2001', summary: 'VPN down' }));
    const [message] = await sub.waitFor(1);

    expect(message!.errors).toBeUndefined();
    const activity = message!.data!['companyActivity'] as Record<string, unknown>;
    expect(activity).toMatchObject({
      type: 'TICKET',
      source: 'PSA',
      summary: 'Ticket ACM-2001: VPN down (open)',
      company: { id: 'cmp_acme', name: 'Acme Dental Group', psa: { linked: true, psaClientId: 'psa-client-100' } },
    });
    // integrations counts open tickets from the same events: one or both, depending on which subgraph was first
    expect([1, 2]).toContain((activity['company'] as { psa: { openTickets: number } }).psa.openTickets);
    expect(message!.extensions?.['cursor']).toMatch(/^[A-Za-z0-9_-]+$/); // opaque (base64url), see docs/subscriptions.md

    // and it is on the timeline for queries
    const timeline = await graphqlRequest(
      stack.urls.graphql,
      `query($id: ID!) { activity(id: $id) { id type company { id } } }`,
      { id: activity['id'] },
      token,
    );
    expect(timeline.body.data).toEqual({ activity: { id: activity['id'], type: 'TICKET', company: { id: 'cmp_acme' } } });
    expect(other.messages).toHaveLength(0);
    sub.unsubscribe();
    other.unsubscribe();
    await sub.client.dispose();
    await other.client.dispose();
  });
});
