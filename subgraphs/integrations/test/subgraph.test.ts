import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInternalTokens, type InternalTokens } from '@onegraph/auth';
import { createEnvelope, createMemoryBus, topicOf, type Envelope, type EventData } from '@onegraph/bus';
import { createIntegrationsSubgraph, type IntegrationsSubgraph } from '@onegraph/integrations-subgraph';
import { subgraphRequest, testUser } from '@onegraph/testing';

const PSA_OF = /* GraphQL */ `
  query Psa($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Company {
        id
        psa {
          linked
          psaClientId
          openTickets
        }
      }
    }
  }
`;

interface PsaOf {
  _entities: ({ id: string; psa: { linked: boolean; psaClientId: string | null; openTickets: number } } | null)[];
}

function ticketEvent(
  org: string,
  data: Partial<EventData<'psa.ticket.activity'>> & { crmCompanyId: string; occurredAt: string },
): Envelope<EventData<'psa.ticket.activity'>> {
  return createEnvelope({
    type: 'psa.ticket.activity',
    source: 'onestack/psa',
    orgid: org,
    data: {
      psaClientId: 'psa-client-100',
      ticketId: `T-${randomUUID().slice(0, 8)}`,
      ticketNumber: 'ACM-1042',
      summary: 'Printer offline',
      status: 'open',
      ...data,
    },
  });
}

describe('the integrations subgraph over HTTP', () => {
  const bus = createMemoryBus();
  const tokens: InternalTokens = createInternalTokens('x'.repeat(32));
  let subgraph: IntegrationsSubgraph;
  let url: string;
  /** An internal token for a member of `org`, as the gateway signs it. */
  const tokenFor = (org: string) => tokens.sign(testUser(org));

  async function psaOf(companyId: string, org = 'demo') {
    const res = await subgraphRequest<PsaOf>(url, PSA_OF, await tokenFor(org), { representations: [{ __typename: 'Company', id: companyId }] });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!._entities[0]!.psa;
  }

  /**
   * Publishes an event for a company nobody else uses and waits until the
   * read model shows it: the consumer reads the topic in order, so every
   * event published before has been handled too.
   */
  async function settle() {
    const marker = `cmp_marker_${randomUUID().slice(0, 8)}`;
    await bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: marker, occurredAt: new Date().toISOString() }));
    await expect.poll(async () => (await psaOf(marker)).linked).toBe(true);
  }

  beforeAll(async () => {
    subgraph = await createIntegrationsSubgraph({ bus, internalTokens: tokens });
    url = await subgraph.listen({ port: 0 });
  });
  afterAll(async () => {
    await subgraph?.close();
    await bus.close();
  });

  it('serves its Federation SDL, with Company as an entity it adds psa to', async () => {
    const res = await subgraphRequest<{ _service: { sdl: string } }>(url, `{ _service { sdl } }`, await tokenFor('demo'));
    expect(res.status).toBe(200);
    const sdl = res.body.data!._service.sdl;
    expect(sdl).toMatch(/type Company\s+@key\(fields: "id"\)/);
    expect(sdl).toContain('psa: PsaLink!');
    // a Federation 2 subgraph (built by @apollo/subgraph, not mercurius' Federation 1 plugin)
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2');
    expect(sdl).toMatch(/union _Entity = Company\b/);
  });

  it('keeps the PSA read model of a company from PSA’s ticket events, per ticket and idempotently', async () => {
    expect(await psaOf('cmp_x')).toEqual({ linked: false, psaClientId: null, openTickets: 0 });

    const opened = ticketEvent('demo', { crmCompanyId: 'cmp_x', ticketId: 'T-1', status: 'open', occurredAt: '2026-11-02T15:00:00.000Z' });
    await bus.publish(topicOf('psa'), opened);
    await expect.poll(() => psaOf('cmp_x')).toEqual({ linked: true, psaClientId: opened.data.psaClientId, openTickets: 1 });

    const resolved = ticketEvent('demo', { crmCompanyId: 'cmp_x', ticketId: 'T-1', status: 'resolved', occurredAt: '2026-11-02T16:00:00.000Z' });
    await bus.publish(topicOf('psa'), resolved);
    await expect.poll(() => psaOf('cmp_x')).toEqual({ linked: true, psaClientId: opened.data.psaClientId, openTickets: 0 });

    // the opening event delivered twice more, and an event reusing its id with later news: all redeliveries, ignored
    await bus.publish(topicOf('psa'), [opened, opened]);
    await bus.publish(topicOf('psa'), { ...opened, data: { ...opened.data, occurredAt: '2026-11-02T17:00:00.000Z' } });
    await settle();
    expect(await psaOf('cmp_x')).toEqual({ linked: true, psaClientId: opened.data.psaClientId, openTickets: 0 });
  });

  it('counts only tickets that are not resolved, closed or cancelled', async () => {
    const statuses = ['open', 'In Progress', 'resolved', 'Closed', 'cancelled', 'waiting on customer'];
    const occurredAt = new Date().toISOString();
    await bus.publish(
      topicOf('psa'),
      statuses.map((status, i) => ticketEvent('demo', { crmCompanyId: 'cmp_counted', ticketId: `C-${i}`, status, occurredAt })),
    );
    await settle();
    const closed = new Set(['resolved', 'closed', 'cancelled']);
    expect((await psaOf('cmp_counted')).openTickets).toBe(statuses.filter((s) => !closed.has(s.toLowerCase())).length);
  });

  it('shows another organisation nothing of it, for the same company id', async () => {
    await bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_shared_id', occurredAt: new Date().toISOString() }));
    await expect.poll(async () => (await psaOf('cmp_shared_id', 'demo')).linked).toBe(true);
    expect(await psaOf('cmp_shared_id', 'demo-2')).toEqual({ linked: false, psaClientId: null, openTickets: 0 });
  });

  it('answers several companies in one _entities call, in the order asked', async () => {
    await bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_batch_linked', occurredAt: new Date().toISOString() }));
    await expect.poll(async () => (await psaOf('cmp_batch_linked')).linked).toBe(true);
    const ids = ['cmp_batch_unlinked', 'cmp_batch_linked'];
    const res = await subgraphRequest<PsaOf>(url, PSA_OF, await tokenFor('demo'), { representations: ids.map((id) => ({ __typename: 'Company', id })) });
    expect(res.body.data!._entities.map((e) => [e!.id, e!.psa.linked])).toEqual([
      ['cmp_batch_unlinked', false],
      ['cmp_batch_linked', true],
    ]);
  });

  describe('refuses callers without a valid internal token', () => {
    it.each([
      ['no token', async () => undefined],
      ['a forged token', async () => 'not.a.jwt'],
      ['a token signed with another secret', () => createInternalTokens('y'.repeat(32)).sign(testUser('demo', { role: 'Owner' }))],
      ['a tampered token', async () => `${(await tokenFor('demo')).slice(0, -2)}xx`],
    ])('%s → HTTP 401 UNAUTHENTICATED', async (_, token) => {
      const res = await subgraphRequest(url, `{ _service { sdl } }`, await token());
      expect(res.status).toBe(401);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    });
  });
});
