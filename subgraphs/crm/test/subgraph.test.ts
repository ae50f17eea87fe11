import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInternalTokens } from '@onegraph/auth';
import { createEnvelope, createMemoryBus, topicOf, type DeadLetter, type Envelope, type EventData } from '@onegraph/bus';
import { createCrmSubgraph, type CrmSubgraph } from '@onegraph/crm-subgraph';
import { arrivals, DELIVERY_TIMEOUT_MS, subgraphRequest, testUser } from '@onegraph/testing';
import { demoData } from '../src/seed.ts';

function ticketEvent(org: string, data: Partial<EventData<'psa.ticket.activity'>> & { crmCompanyId: string }): Envelope<EventData<'psa.ticket.activity'>> {
  const suffix = randomUUID().slice(0, 6);
  return createEnvelope({
    type: 'psa.ticket.activity',
    source: 'onestack/psa',
    orgid: org,
    data: { psaClientId: 'psa-client-100', ticketId: `T-${suffix}`, ticketNumber: `ACM-${suffix}`, summary: 'Printer offline', status: 'open', ...data },
  });
}

const TIMELINE = /* GraphQL */ `
  query Timeline($id: ID!) {
    company(id: $id) {
      activities(first: 100) {
        edges {
          node {
            id
            type
            summary
            source
            occurredAt
            company {
              id
            }
          }
        }
      }
    }
  }
`;

interface TimelineNode {
  id: string;
  type: string;
  summary: string;
  source: string;
  occurredAt: string;
  company: { id: string };
}

const COMPANIES = /* GraphQL */ `
  query Companies($first: Int, $after: String) {
    companies(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface CompaniesPage {
  companies: { edges: { cursor: string; node: { id: string; name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('the crm subgraph over HTTP', () => {
  const bus = createMemoryBus();
  const tokens = createInternalTokens('x'.repeat(32));
  const crmEvents = arrivals<Envelope>('crm events');
  const psaDeadLetters = arrivals<DeadLetter>('dead letters');
  let crm: CrmSubgraph;
  let url: string;
  const tokenFor = (org: string) => tokens.sign(testUser(org));

  async function timeline(companyId: string, org = 'demo'): Promise<TimelineNode[]> {
    const res = await subgraphRequest<{ company: { activities: { edges: { node: TimelineNode }[] } } | null }>(url, TIMELINE, await tokenFor(org), {
      id: companyId,
    });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.company!.activities.edges.map((e) => e.node);
  }

  /** Waits until the activity for `event` is on its company's timeline (nothing to await: crm consumes in the background). */
  async function activityOf(event: Envelope<EventData<'psa.ticket.activity'>>): Promise<TimelineNode> {
    const summary = `Ticket ${event.data.ticketNumber}: ${event.data.summary} (${event.data.status})`;
    let found: TimelineNode | undefined;
    await expect
      .poll(async () => (found = (await timeline(event.data.crmCompanyId, event.orgid)).find((a) => a.summary === summary)), { timeout: DELIVERY_TIMEOUT_MS })
      .toBeDefined();
    return found!;
  }

  beforeAll(async () => {
    crm = await createCrmSubgraph({ bus, internalTokens: tokens, seedDemoData: true });
    url = await crm.listen({ port: 0 });
    await bus.consume({ groupId: 'test.crm-events', topics: [topicOf('crm')], handler: crmEvents.handler });
    await bus.consumeDeadLetters({ groupId: 'test.psa-dlq', topic: topicOf('psa'), handler: psaDeadLetters.handler });
  });
  afterAll(async () => {
    await crm?.close();
    await bus.close();
  });

  it('serves its Federation SDL, with Company as an entity', async () => {
    const res = await subgraphRequest<{ _service: { sdl: string } }>(url, `{ _service { sdl } }`, await tokenFor('demo'));
    expect(res.status).toBe(200);
    expect(res.body.data!._service.sdl).toMatch(/type Company\s+@key\(fields: "id"\)/);
  });

  it('resolves a Company reference for its own organisation only', async () => {
    const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Company { id name } } }`;
    const representations = [{ __typename: 'Company', id: 'cmp_acme' }];
    const acme = demoData.demo.companies.find((c) => c.id === 'cmp_acme')!;

    const own = await subgraphRequest<{ _entities: unknown[] }>(url, query, await tokenFor('demo'), { representations });
    expect(own.body).toEqual({ data: { _entities: [{ id: acme.id, name: acme.name }] } });

    const other = await subgraphRequest<{ _entities: unknown[] }>(url, query, await tokenFor('demo-2'), { representations });
    expect(other.body).toEqual({ data: { _entities: [null] } });
  });

  describe('companies', () => {
    const byNameThenId = [...demoData.demo.companies].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)).map((c) => c.id);

    it('pages through the organisation’s companies by name, without overlap or gap', async () => {
      const token = await tokenFor('demo');
      const first = await subgraphRequest<CompaniesPage>(url, COMPANIES, token, { first: 2 });
      expect(first.body.errors).toBeUndefined();
      const page1 = first.body.data!.companies;
      expect(page1.edges.map((e) => e.node.id)).toEqual(byNameThenId.slice(0, 2));
      expect(page1.pageInfo).toEqual({ hasNextPage: byNameThenId.length > 2, endCursor: page1.edges.at(-1)!.cursor });

      const second = await subgraphRequest<CompaniesPage>(url, COMPANIES, token, { first: 2, after: page1.pageInfo.endCursor });
      expect(second.body.errors).toBeUndefined();
      const page2 = second.body.data!.companies;
      expect(page2.edges.map((e) => e.node.id)).toEqual(byNameThenId.slice(2, 4));
      expect(page2.pageInfo.hasNextPage).toBe(byNameThenId.length > 4);
      expect([...page1.edges, ...page2.edges].map((e) => e.node.id)).toEqual(byNameThenId);
    });

    it('lists only the caller’s organisation’s companies', async () => {
      const res = await subgraphRequest<CompaniesPage>(url, COMPANIES, await tokenFor('demo-2'), { first: 50 });
      expect(res.body.data!.companies.edges.map((e) => e.node.id).sort()).toEqual(demoData['demo-2'].companies.map((c) => c.id).sort());
    });

    it.each([
      ['a cursor that is not one', { first: 2, after: 'not-a-cursor' }],
      ['a cursor of the wrong shape', { first: 2, after: Buffer.from(JSON.stringify({ name: 'x' })).toString('base64url') }],
      ['a page size above the maximum', { first: 1000 }],
      ['a negative page size', { first: -1 }],
    ])('refuses %s with BAD_USER_INPUT', async (_, variables) => {
      const res = await subgraphRequest<CompaniesPage>(url, COMPANIES, await tokenFor('demo'), variables);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors).toEqual([expect.objectContaining({ path: ['companies'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    });
  });

  describe('PSA ticket events', () => {
    it('become TICKET activities on the company’s timeline, announced on onestack.crm.events', async () => {
      const event = ticketEvent('demo', { crmCompanyId: 'cmp_acme', summary: 'VPN down', status: 'open', occurredAt: '2026-12-01T09:30:00.000Z' });
      await bus.publish(topicOf('psa'), event);

      const activity = await activityOf(event);
      expect(activity).toMatchObject({ type: 'TICKET', source: 'PSA', occurredAt: event.data.occurredAt, company: { id: 'cmp_acme' } });

      await crm.relay.drain();
      const logged = await crmEvents.find((e) => (e.data as EventData<'crm.activity.logged'>).activityId === activity.id);
      expect(logged).toMatchObject({
        type: 'crm.activity.logged',
        orgid: 'demo',
        subject: 'company/cmp_acme',
        data: { activityId: activity.id, companyId: 'cmp_acme', type: 'TICKET' },
      });
    });

    it('are applied once when delivered twice', async () => {
      const event = ticketEvent('demo', { crmCompanyId: 'cmp_brightline', summary: 'Laptop will not boot' });
      await bus.publish(topicOf('psa'), [event, event]);
      // crm reads the topic in order: once a later event shows, both copies have been handled
      const later = ticketEvent('demo', { crmCompanyId: 'cmp_cobalt', summary: 'Later event' });
      await bus.publish(topicOf('psa'), later);
      const laterActivity = await activityOf(later);
      await crm.relay.drain();
      await crmEvents.find((e) => (e.data as EventData<'crm.activity.logged'>).activityId === laterActivity.id);

      const summary = `Ticket ${event.data.ticketNumber}: ${event.data.summary} (${event.data.status})`;
      const copies = (await timeline('cmp_brightline')).filter((a) => a.summary === summary);
      expect(copies).toHaveLength(1);
      const announced = crmEvents.items.filter((e) => (e.data as EventData<'crm.activity.logged'>).activityId === copies[0]!.id);
      expect(announced).toHaveLength(1);
    });

    it('parks an event naming a company the organisation does not have, with the company id, for that organisation’s admins, and changes nothing', async () => {
      const unknown = ticketEvent('demo', { crmCompanyId: 'cmp_does_not_exist' });
      // another organisation's event naming demo's company: unknown in demo-2
      const crossTenant = ticketEvent('demo-2', { crmCompanyId: 'cmp_acme', summary: 'forged' });
      await bus.publish(topicOf('psa'), [unknown, crossTenant]);

      const parked = async (org: string) => {
        const token = await tokens.sign(testUser(org, { sub: 'admin', role: 'Admin' }));
        const res = await subgraphRequest<{ parkedEvents: { edges: { node: { eventId: string; consumer: string; reason: string } }[] } }>(
          url,
          `{ parkedEvents(first: 100) { edges { node { eventId consumer reason } } } }`,
          token,
        );
        return res.body.data!.parkedEvents.edges.map((e) => e.node);
      };
      await expect
        .poll(() => parked('demo'), { timeout: 15_000 })
        .toContainEqual({ eventId: unknown.id, consumer: 'crm.psa-events', reason: 'unknown company cmp_does_not_exist' });
      await expect
        .poll(() => parked('demo-2'), { timeout: 15_000 })
        .toContainEqual({ eventId: crossTenant.id, consumer: 'crm.psa-events', reason: 'unknown company cmp_acme' });
      expect((await parked('demo')).map((p) => p.eventId)).not.toContain(crossTenant.id);

      expect((await timeline('cmp_acme')).map((a) => a.summary)).not.toContainEqual(expect.stringContaining('forged'));
      const res = await subgraphRequest<{ company: null }>(url, `{ company(id: "cmp_acme") { id } }`, await tokenFor('demo-2'));
      expect(res.body).toEqual({ data: { company: null } });
    });
  });

  describe('refuses callers without a valid internal token', () => {
    it.each([
      ['no token', async () => undefined],
      ['a forged token', async () => 'not.a.jwt'],
      ['a token signed with another secret', () => createInternalTokens('y'.repeat(32)).sign(testUser('demo', { role: 'Owner' }))],
    ])('%s → HTTP 401 UNAUTHENTICATED', async (_, token) => {
      const res = await subgraphRequest(url, `{ companies(first: 1) { edges { node { id } } } }`, await token());
      expect(res.status).toBe(401);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    });
  });
});
