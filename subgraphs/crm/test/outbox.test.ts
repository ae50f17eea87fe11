import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createInternalTokens } from '@onegraph/auth';
import { createEnvelope, createMemoryBus, topicOf, type Bus, type Envelope } from '@onegraph/bus';
import { openDb } from '@onegraph/db';
import { silentLogger } from '@onegraph/log';
import { createCrmSubgraph } from '@onegraph/crm-subgraph';
import { subgraphRequest, testUser } from '@onegraph/testing';
import { startOutboxRelay } from '../src/core/outbox-relay.ts';
import { appendOutbox } from '../src/core/outbox.ts';

const tokens = createInternalTokens('z'.repeat(32));
const crmTopic = topicOf('crm');

/** A Bus whose publishing can be switched off, as a broker outage looks to a producer. */
function switchableBus(inner: Bus) {
  let down = false;
  const bus: Bus = { ...inner, publish: async (topic, events) => (down ? Promise.reject(new Error('bus down')) : inner.publish(topic, events)) };
  return { bus, setDown: (value: boolean) => void (down = value) };
}

async function createCompany(url: string, org: string, name: string): Promise<string> {
  const { body } = await subgraphRequest<{ createCompany: { id: string } }>(
    url,
    `mutation($name: String!) { createCompany(input: { name: $name }) { id } }`,
    await tokens.sign(testUser(org, { sub: 'u1' })),
    { name },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.createCompany.id;
}

const published = (bus: ReturnType<typeof createMemoryBus>) => bus.messages(crmTopic).map((m) => JSON.parse(m.value!) as Envelope<{ companyId?: string }>);

describe('the outbox', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('keeps events written while the Bus is down and publishes them, in order, after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'crm-outbox-'));
    dirs.push(dataDir);
    const memory = createMemoryBus();
    const { bus, setDown } = switchableBus(memory);
    setDown(true);

    const first = await createCrmSubgraph({ bus, internalTokens: tokens, dataDir, outboxPollMs: 50 });
    const url = await first.listen({ port: 0 });
    const ids = [
      await createCompany(url, 'demo', 'Outage One'),
      await createCompany(url, 'demo-2', 'Outage Two'),
      await createCompany(url, 'demo', 'Outage Three'),
    ];
    const { rows } = await first.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
    expect(rows[0]!.n).toBe(3);
    expect(memory.messages(crmTopic)).toHaveLength(0);
    await first.close();

    // back up, and a new process on the same data folder
    setDown(false);
    const second = await createCrmSubgraph({ bus, internalTokens: tokens, dataDir, outboxPollMs: 50 });
    await second.relay.drain();
    expect(published(memory).map((e) => [e.type, e.orgid, e.data.companyId])).toEqual([
      ['crm.company.created', 'demo', ids[0]],
      ['crm.company.created', 'demo-2', ids[1]],
      ['crm.company.created', 'demo', ids[2]],
    ]);
    const after = await second.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
    expect(after.rows[0]!.n).toBe(0);
    await second.close();
  });

  it('lets only the leader relay publish; another takes over when it stops, without loss or reordering', async () => {
    const db = await openDb({ schema: 'crm_relay_test' });
    await db.query(
      `CREATE TABLE outbox (seq bigserial PRIMARY KEY, org_id text NOT NULL, topic text NOT NULL, event jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz, traceparent text, tracestate text)`,
    );
    const bus = createMemoryBus();
    const event = (n: number) => createEnvelope({ type: 'test.relay.event', source: 'test', orgid: n % 2 ? 'demo' : 'demo-2', data: { n } });
    const append = (from: number, to: number) =>
      db.transaction((tx) =>
        appendOutbox(
          tx,
          crmTopic,
          Array.from({ length: to - from }, (_, i) => event(from + i)),
        ),
      );

    await append(0, 10);
    const a = startOutboxRelay({ db, bus, log: silentLogger, pollMs: 20, leaderPollMs: 20 });
    await a.drain();
    const b = startOutboxRelay({ db, bus, log: silentLogger, pollMs: 20, leaderPollMs: 20 });
    await append(10, 20);
    a.wake();
    await a.drain();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);

    await a.stop();
    await append(20, 30);
    await expect.poll(() => bus.messages(crmTopic).length, { timeout: 30_000 }).toBe(30);
    expect(b.isLeader).toBe(true);
    expect(bus.messages(crmTopic).map((m) => (JSON.parse(m.value!) as Envelope<{ n: number }>).data.n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await b.stop();
    await db.close();
  });
});
