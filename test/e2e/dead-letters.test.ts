import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicOf } from '@onegraph/bus';
import { graphqlRequest, readDeadLetters, type DeadLetterReader } from '@onegraph/testing';
import { ticketEvent } from './helpers.ts';
import { useStack } from './fixture.ts';

const TIMELINE = `query($id: ID!) { company(id: $id) { activities(first: 100) { edges { node { summary } } } } }`;

describe('poison and repeated PSA events, on real Kafka', () => {
  const stack = useStack();
  let dlq: DeadLetterReader;

  beforeAll(async () => {
    // read the DLQ as an operator's tool would
    dlq = await readDeadLetters(stack.bus, topicOf('psa'), 'test-dlq-reader');
  });
  afterAll(async () => {
    await dlq?.stop();
  });

  const timeline = async () => {
    const res = await graphqlRequest<{ company: { activities: { edges: { node: { summary: string } }[] } } }>(
      stack.urls.graphql,
      TIMELINE,
      { id: 'cmp_acme' },
      await stack.token('demo'),
    );
    return res.body.data!.company.activities.edges.map((e) => e.node.summary);
  };

  it('dead-letters a malformed message and a schema-invalid event with their reasons, and keeps consuming', async () => {
    const malformed = '{"specversion": "1.0", this is not JSON';
    const invalid = ticketEvent('demo', { crmCompanyId: 'cmp_acme' });
    const { ticketId: _dropped, ...dataWithoutTicket } = invalid.data;
    const marker = `after poison ${randomUUID().slice(0, 6)}`;

    await stack.bus.publishRaw(topicOf('psa'), 'demo', malformed);
    await stack.bus.publishRaw(topicOf('psa'), 'demo', JSON.stringify({ ...invalid, data: dataWithoutTicket }));
    await stack.bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_acme', summary: marker }));

    // both consumers of the PSA topic (crm and integrations) dead-letter each poison message
    const json = await dlq.matching((l) => l.value === malformed, 2);
    expect(json.map((l) => l.consumer).sort()).toEqual(['crm.psa-events', 'integrations.psa-read-model']);
    expect(json[0]!.reason).toMatch(/^malformed JSON/);
    expect(json[0]).toMatchObject({ topic: 'onestack.psa.events', key: 'demo' });

    const schema = await dlq.matching((l) => l.value?.includes(invalid.id) ?? false, 2);
    expect(schema[0]!.reason).toMatch(/invalid psa\.ticket\.activity data: ticketId/);

    // the valid event behind them still lands on the timeline
    await expect.poll(timeline, { timeout: 20_000 }).toContainEqual(expect.stringContaining(marker));
  });

  it('creates one activity for an event delivered twice', async () => {
    const marker = `delivered twice ${randomUUID().slice(0, 6)}`;
    const event = ticketEvent('demo', { crmCompanyId: 'cmp_acme', summary: marker });
    await stack.bus.publish(topicOf('psa'), event);
    await stack.bus.publish(topicOf('psa'), event);
    // a later event on the same org (same partition, so consumed after both copies) marks the point to check at
    const fence = `fence ${randomUUID().slice(0, 6)}`;
    await stack.bus.publish(topicOf('psa'), ticketEvent('demo', { crmCompanyId: 'cmp_acme', summary: fence }));
    await expect.poll(timeline, { timeout: 20_000 }).toContainEqual(expect.stringContaining(fence));
    expect((await timeline()).filter((s) => s.includes(marker))).toHaveLength(1);
  });

  it('parks an event for a company the organisation does not have, naming it, instead of dead-lettering it', async () => {
    const event = ticketEvent('demo', { crmCompanyId: 'cmp_does_not_exist' });
    await stack.bus.publish(topicOf('psa'), event);
    // an admin sees it through the graph, with the reason
    const token = await stack.token('demo', 'Admin');
    const parked = async () => {
      const res = await graphqlRequest<{ parkedEvents: { edges: { node: { eventId: string; consumer: string; reason: string; eventType: string } }[] } }>(
        stack.urls.graphql,
        `{ parkedEvents(first: 50) { edges { node { eventId consumer reason eventType } } } }`,
        {},
        token,
      );
      return res.body.data?.parkedEvents.edges.map((e) => e.node).filter((n) => n.eventId === event.id);
    };
    await expect
      .poll(parked, { timeout: 20_000 })
      .toEqual([{ eventId: event.id, consumer: 'crm.psa-events', reason: 'unknown company cmp_does_not_exist', eventType: 'psa.ticket.activity' }]);
  });
});
