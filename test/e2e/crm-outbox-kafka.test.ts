import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { topicOf, type BusConsumer, type Envelope } from '@onegraph/bus';
import { crmClient } from './crm-client.ts';
import { useStack } from './fixture.ts';

/**
 * The transactional outbox against a real broker that goes away mid-stream.
 * This test starts its own broker: stopping the shared one would disturb
 * every other test file running in parallel.
 */
describe('the crm outbox survives a Kafka outage, on a broker of its own', () => {
  const stack = useStack({ ownBroker: true });
  let reader: BusConsumer | undefined;

  afterAll(async () => {
    await reader?.stop();
  });

  it('publishes every event exactly in commit order per organisation, though the broker stopped mid-stream', async () => {
    const clients = { demo: crmClient(stack, 'demo'), 'demo-2': crmClient(stack, 'demo-2') };
    let n = 0;
    /** One change in each organisation: a company, then a note on it (two or three events each). */
    const burst = async () => {
      for (const [org, client] of Object.entries(clients)) {
        const name = `Outbox ${org} ${++n}`;
        const { createCompany } = await client.ok<{ createCompany: { id: string } }>(`mutation($n: String!) { createCompany(input: { name: $n }) { id } }`, {
          n: name,
        });
        await client.ok(`mutation($c: ID!) { logActivity(input: { type: NOTE, summary: "note", companyId: $c }) { id } }`, { c: createCompany.id });
      }
    };
    const unpublished = async () => (await stack.crm.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0]!.n;

    for (let i = 0; i < 3; i++) await burst();
    await stack.crm.relay.drain();

    await stack.broker.stop();
    // the Bus is down: changes still commit, their events wait in the outbox
    for (let i = 0; i < 4; i++) await burst();
    expect(await unpublished()).toBeGreaterThan(0);

    await stack.broker.start();
    for (let i = 0; i < 2; i++) await burst();
    await stack.crm.relay.drain();
    expect(await unpublished()).toBe(0);

    // what the outbox committed, in order per organisation
    const { rows } = await stack.crm.db.query<{ org_id: string; id: string }>(`SELECT org_id, event->>'id' AS id FROM outbox ORDER BY seq`);
    const expected = new Map<string, string[]>();
    for (const r of rows) expected.set(r.org_id, [...(expected.get(r.org_id) ?? []), r.id]);

    // what the topic holds, read from the beginning; at least once: a resent batch may repeat
    // events, so each organisation's stream is compared by first occurrence of each id
    const seen = new Map<string, string[]>();
    let received = 0;
    let wake: () => void = () => {};
    reader = await stack.bus.consume({
      groupId: `outbox-reader-${randomUUID()}`,
      topics: [topicOf('crm')],
      fromBeginning: true,
      handler: async (event: Envelope) => {
        const ids = seen.get(event.orgid) ?? [];
        if (!ids.includes(event.id)) {
          ids.push(event.id);
          received++;
        }
        seen.set(event.orgid, ids);
        wake();
      },
    });
    const deadline = Date.now() + 60_000;
    while (received < rows.length && Date.now() < deadline) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, 1_000)));

    expect(rows.length).toBeGreaterThanOrEqual(18 * 2);
    for (const org of ['demo', 'demo-2']) expect(seen.get(org), org).toEqual(expected.get(org));
    expect(received).toBe(rows.length);
  }, 240_000);
});
