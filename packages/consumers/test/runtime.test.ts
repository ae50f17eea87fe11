import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createEnvelope, createKafkaBus, createMemoryBus, topicOf, type Bus, type DeadLetter } from '@onegraph/bus';
import { migrate, openDb, type Db, type Queryable } from '@onegraph/db';
import {
  callFirst,
  consumerMigrations,
  createConsumerRuntime,
  defineConsumer,
  listFailedEvents,
  ParkEvent,
  PermanentEventError,
  type ConsumerDefinition,
  type EventOf,
  type HandlerMeta,
  type RunningConsumers,
} from '@onegraph/consumers';

// What test/global-setup.ts provides; declared here too because this package's
// type-check does not include the setup (nor depend on @onegraph/testing, which declares it).
declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    /** The broker's passwords per principal (null: no authentication). */
    kafkaCredentials: { readonly onegraph: string } | null;
  }
}

const TOPIC = topicOf('psa');
const WAIT = { timeout: 20_000, interval: 25 };

interface Scope {
  tx: Queryable;
  org: string;
}

/** The service's own table of effects: a ticket per row. */
const notesMigration = {
  version: 1,
  name: 'notes',
  sql: `CREATE TABLE notes (org_id text NOT NULL, id text NOT NULL, body text NOT NULL, PRIMARY KEY (org_id, id));\n`,
};

let sequence = 0;
function ticket(org: string, crmCompanyId = 'cmp_known'): EventOf<'psa.ticket.activity'> {
  sequence++;
  return createEnvelope({
    type: 'psa.ticket.activity',
    source: 'onestack/psa',
    orgid: org,
    data: { psaClientId: 'psa-1', crmCompanyId, ticketId: `T-${sequence}`, ticketNumber: `N-${sequence}`, summary: `ticket ${sequence}`, status: 'open' },
  });
}
function csat(org: string): EventOf<'psa.csat.recorded'> {
  return createEnvelope({ type: 'psa.csat.recorded', source: 'onestack/psa', orgid: org, data: { psaClientId: 'psa-1', crmCompanyId: 'cmp_known', score: 4 } });
}

describe.each([
  { name: 'memory', create: (): Bus => createMemoryBus() },
  {
    name: 'kafka',
    create: (): Bus =>
      createKafkaBus({
        brokers: inject('kafkaBrokers').split(','),
        namespace: `t${randomUUID().slice(0, 8)}.`,
        clientId: 'consumers-runtime-test',
        // One Graph's principal, as the services log in
        ...(inject('kafkaCredentials')
          ? { sasl: { mechanism: 'scram-sha-512', username: 'onegraph', password: inject('kafkaCredentials')?.onegraph ?? '' } }
          : {}),
      }),
  },
])('the consumer runtime on the $name transport', ({ create }) => {
  let db: Db;
  let bus: Bus;
  let running: RunningConsumers | undefined;
  /** Companies the service knows: a ticket of another company is parked. */
  let companies: Set<string>;
  /** Event ids a handler should fail for (retried, then dead-lettered), until removed. */
  let failing: Set<string>;
  /** Each handler call: event id and meta. */
  let calls: { id: string; meta: HandlerMeta }[];

  beforeAll(async () => {
    db = await openDb({ schema: 'consumers_test' });
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.query(`DROP SCHEMA consumers_test CASCADE`);
    await db.query(`CREATE SCHEMA consumers_test`);
    await migrate(db, [notesMigration], [await consumerMigrations()]);
    bus = create();
    companies = new Set(['cmp_known']);
    failing = new Set();
    calls = [];
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await bus.close();
  });

  const notes = async (org = 'demo') => (await db.query<{ id: string; body: string }>(`SELECT id, body FROM notes WHERE org_id = $1 ORDER BY id`, [org])).rows;
  const failed = (org = 'demo') => listFailedEvents(db, org, { limit: 100, includeResolved: true });

  /** A consumer of tickets (parks unknown companies, fails while the event is in `failing`); CSAT events are not in its table. */
  const tickets = (name = `test.tickets-${randomUUID().slice(0, 6)}`): ConsumerDefinition<Scope> =>
    defineConsumer<Scope>({
      name,
      topic: TOPIC,
      retry: { maxAttempts: 3, retryDelayMs: 5 },
      handlers: {
        'psa.ticket.activity': async (event, { tx, org }, meta) => {
          calls.push({ id: event.id, meta });
          // the effect is written before the checks: a park or failure must roll it back
          await tx.query(`INSERT INTO notes (org_id, id, body) VALUES ($1, $2, $3)`, [org, event.data.ticketId, event.data.summary]);
          if (!companies.has(event.data.crmCompanyId)) throw new ParkEvent(`unknown company ${event.data.crmCompanyId}`);
          if (failing.has(event.id)) throw new Error('the store is down');
        },
      },
    });
  /** The transactions the runtime opened, with the organisation of each. */
  let transactions: string[] = [];
  const start = async (...consumers: ConsumerDefinition<Scope>[]) => {
    transactions = [];
    const runtime = createConsumerRuntime<Scope>({
      db,
      consumers,
      transaction: (event, _name, work) => {
        transactions.push(event.orgid);
        return db.transaction((tx) => work(tx, { tx, org: event.orgid }));
      },
    });
    running = await runtime.start(bus);
    return runtime;
  };

  it('applies each event of a type in its table once, whatever the redeliveries, and acknowledges the others', async () => {
    const consumer = tickets();
    await start(consumer);
    const event = ticket('demo');
    const fence = ticket('demo');
    await bus.publish(TOPIC, [event, csat('demo'), event]);
    await bus.publish(TOPIC, fence);
    await expect.poll(async () => (await notes()).length, WAIT).toBe(2);
    expect(calls.map((c) => c.id)).toEqual([event.id, fence.id]);
    expect(calls[0]!.meta).toEqual({ attempt: 1, lastAttempt: false, replay: false });
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM processed_events WHERE consumer = $1`, [consumer.name]);
    // the CSAT event, of no handler, leaves no inbox row
    expect(rows[0]!.n).toBe(2);
  });

  it('applies a backlog in batches: one transaction per organisation for many events, each effect once and in order', async () => {
    const consumer = tickets();
    const demo = Array.from({ length: 6 }, () => ticket('demo'));
    const other = Array.from({ length: 4 }, () => ticket('demo-2'));
    // a backlog: everything is on the topic before the consumer starts, a redelivered event among it
    await bus.publish(TOPIC, [...demo.slice(0, 3), ...other, demo[1]!, ...demo.slice(3)]);
    await start(consumer);
    await expect.poll(async () => (await notes()).length + (await notes('demo-2')).length, WAIT).toBe(10);

    expect(calls.map((c) => c.id).filter((id) => demo.some((e) => e.id === id))).toEqual(demo.map((e) => e.id));
    expect(calls.map((c) => c.id).filter((id) => other.some((e) => e.id === id))).toEqual(other.map((e) => e.id));
    // fewer transactions than events: whole runs of an organisation's events commit together
    expect(transactions.length).toBeLessThan(10);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM processed_events WHERE consumer = $1`, [consumer.name]);
    expect(rows[0]!.n).toBe(10);
  });

  it('parks an event of a batch alone: its neighbours are applied once, it is parked once, nothing of it kept', async () => {
    const consumer = tickets();
    const before = [ticket('demo'), ticket('demo')];
    const unknown = ticket('demo', 'cmp_unknown');
    const after = [ticket('demo'), ticket('demo')];
    await bus.publish(TOPIC, [...before, unknown, ...after]);
    await start(consumer);
    await expect.poll(async () => (await failed()).length, WAIT).toBe(1);
    await expect.poll(async () => (await notes()).length, WAIT).toBe(4);

    expect((await notes()).map((n) => n.id)).not.toContain(unknown.data.ticketId);
    expect(await failed()).toMatchObject([{ kind: 'PARKED', eventId: unknown.id, reason: 'unknown company cmp_unknown' }]);
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM processed_events WHERE consumer = $1`, [consumer.name]);
    expect(rows[0]!.n).toBe(5);
  });

  it('parks an event with the reason, rolled back and once, and replays it exactly once when the record exists', async () => {
    const runtime = await start(tickets());
    const event = ticket('demo', 'cmp_later');
    await bus.publish(TOPIC, [event, event]);
    const fence = ticket('demo');
    await bus.publish(TOPIC, fence);
    await expect.poll(async () => (await notes()).map((n) => n.id), WAIT).toEqual([fence.data.ticketId]);
    const [parked] = await failed();
    expect(await failed()).toHaveLength(1);
    expect(parked).toMatchObject({
      kind: 'PARKED',
      eventId: event.id,
      eventType: 'psa.ticket.activity',
      reason: 'unknown company cmp_later',
      resolvedAt: null,
    });
    expect(parked!.envelope).toEqual(event);

    // another organisation cannot see or replay it
    expect(await failed('demo-2')).toEqual([]);
    await expect(runtime.replay('demo-2', parked!.id, 'admin-2')).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });

    // replayed too early: parked again with the new reason
    const again = await runtime.replay('demo', parked!.id, 'admin');
    expect(again).toMatchObject({ id: parked!.id, kind: 'PARKED', resolvedAt: null });
    companies.add('cmp_later');
    const replayed = await runtime.replay('demo', parked!.id, 'admin');
    expect(replayed).toMatchObject({ resolvedAt: expect.any(Date), replayedBy: 'admin' });
    expect((await notes()).map((n) => n.id).sort()).toEqual([event.data.ticketId, fence.data.ticketId].sort());
    expect(calls.filter((c) => c.id === event.id).at(-1)!.meta).toEqual({ attempt: 1, lastAttempt: true, replay: true });
    await expect(runtime.replay('demo', parked!.id, 'admin')).rejects.toMatchObject({ extensions: { code: 'INVALID_TRANSITION' } });
    // resolved: out of the default list
    expect(await listFailedEvents(db, 'demo', { limit: 10 })).toEqual([]);
  });

  it('records an event the Bus dead-letters after its retries once, with the DLQ letter, and replays it once fixed', async () => {
    const consumer = tickets();
    const runtime = await start(consumer);
    const event = ticket('demo');
    failing.add(event.id);
    const letters: DeadLetter[] = [];
    const reader = await bus.consumeDeadLetters({ groupId: `dlq-${randomUUID()}`, topic: TOPIC, handler: async (letter) => void letters.push(letter) });
    try {
      await bus.publish(TOPIC, event);
      await expect.poll(async () => (await failed()).length, WAIT).toBe(1);
      await expect.poll(() => letters.length, WAIT).toBe(1);
    } finally {
      await reader.stop();
    }
    const [dead] = await failed();
    expect(dead).toMatchObject({
      kind: 'DEAD_LETTERED',
      consumer: consumer.name,
      eventId: event.id,
      reason: 'handler failed after 3 attempts: the store is down',
    });
    expect(letters[0]).toMatchObject({ consumer: consumer.name, reason: dead!.reason, topic: TOPIC });
    expect(calls.map((c) => [c.meta.attempt, c.meta.lastAttempt])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(await notes()).toEqual([]);

    // replayed while still failing: dead-lettered again, one row
    const still = await runtime.replay('demo', dead!.id, 'admin');
    expect(still).toMatchObject({ kind: 'DEAD_LETTERED', reason: 'replay failed: the store is down', resolvedAt: null });
    expect(await failed()).toHaveLength(1);
    failing.delete(event.id);
    expect(await runtime.replay('demo', dead!.id, 'admin')).toMatchObject({ resolvedAt: expect.any(Date) });
    expect((await notes()).map((n) => n.id)).toEqual([event.data.ticketId]);
  });

  it('calls another product before the transaction once per event (callFirst), and dead-letters a refusal at once', async () => {
    const product: string[] = [];
    let refuse = true;
    const consumer = defineConsumer<Scope>({
      name: `test.call-first-${randomUUID().slice(0, 6)}`,
      topic: TOPIC,
      retry: { maxAttempts: 3, retryDelayMs: 5 },
      handlers: {
        'psa.ticket.activity': callFirst({
          async before(event, meta) {
            product.push(`${event.data.ticketId}:${meta.attempt}`);
            if (refuse && event.data.crmCompanyId === 'cmp_refused') throw new PermanentEventError('the product refused it (400)');
            return { productId: `p-${event.data.ticketId}` };
          },
          async apply(event, { tx, org }, made) {
            await tx.query(`INSERT INTO notes (org_id, id, body) VALUES ($1, $2, $3)`, [org, event.data.ticketId, made.productId]);
          },
        }),
      },
    });
    const runtime = await start(consumer);
    const event = ticket('demo');
    const refused = ticket('demo', 'cmp_refused');
    await bus.publish(TOPIC, [event, event, refused]);
    await expect.poll(async () => (await failed()).length, WAIT).toBe(1);
    expect(await notes()).toEqual([{ id: event.data.ticketId, body: `p-${event.data.ticketId}` }]);
    // the redelivered event did not call the product again; the refusal was not retried
    expect(product).toEqual([`${event.data.ticketId}:1`, `${refused.data.ticketId}:1`]);
    const [dead] = await failed();
    expect(dead).toMatchObject({ kind: 'DEAD_LETTERED', reason: 'the product refused it (400)' });

    refuse = false;
    await runtime.replay('demo', dead!.id, 'admin');
    expect((await notes()).map((n) => n.body).sort()).toEqual([`p-${event.data.ticketId}`, `p-${refused.data.ticketId}`].sort());
  });
});
