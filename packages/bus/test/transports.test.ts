import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  createMemoryBus,
  dlqTopicOf,
  PermanentEventError,
  topicOf,
  type Bus,
  type DeadLetter,
  type Envelope,
  type EventData,
  type MessageMeta,
} from '@onegraph/bus';
import { arrivals, DELIVERY_TIMEOUT_MS, readDeadLetters, testKafkaBus, type ReadDeadLetter } from '@onegraph/testing';

const TOPIC = topicOf('psa');
const DLQ = dlqTopicOf(TOPIC);
/** A fresh bus of the transport under test. */
type BusFactory = () => Bus;

const memoryBus: BusFactory = () => createMemoryBus();
/** Kafka on the run's broker, in a namespace of its own: every test sees only its own topics and groups. */
const kafkaBus: BusFactory = () => testKafkaBus({ clientId: 'bus-transports-test' });

interface Handled {
  event: Envelope;
  meta: MessageMeta;
}

/**
 * A handler that records what it handled. `behaviour` runs first on every
 * attempt and may throw, to play a failing handler; `attempts` counts the
 * calls per event id.
 */
function recorder(behaviour: (event: Envelope, meta: MessageMeta, attempt: number) => void = () => {}) {
  const handled = arrivals<Handled>('handled events');
  const attempts = new Map<string, number>();
  return {
    handled: handled.items,
    until: handled.until,
    attempts,
    ids: () => handled.items.map((h) => h.event.id),
    handler: async (event: Envelope, meta: MessageMeta) => {
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      behaviour(event, meta, attempt);
      handled.push({ event, meta });
    },
  };
}

/**
 * The first `count` dead letters of TOPIC, read as an operator's tool would,
 * with a consumer of its own; `readFrom` is the topic each was read from.
 */
async function deadLetters(bus: Bus, count: number): Promise<ReadDeadLetter[]> {
  const reader = await readDeadLetters(bus, TOPIC, `dlq-reader-${randomUUID()}`, DELIVERY_TIMEOUT_MS);
  try {
    return await reader.until(count);
  } finally {
    await reader.stop();
  }
}

let sequence = 0;
function ticket(org: string, overrides: Partial<EventData<'psa.ticket.activity'>> = {}): Envelope<EventData<'psa.ticket.activity'>> {
  sequence++;
  return createEnvelope({
    type: 'psa.ticket.activity',
    source: 'onestack/psa',
    orgid: org,
    data: {
      psaClientId: 'psa-client-100',
      crmCompanyId: 'cmp_acme',
      ticketId: `T-${sequence}`,
      ticketNumber: `ACM-${1000 + sequence}`,
      summary: `Ticket number ${sequence}`,
      status: 'open',
      ...overrides,
    },
  });
}

describe.each([
  { name: 'memory', create: memoryBus },
  { name: 'kafka', create: kafkaBus },
])('the $name transport', ({ create }) => {
  let bus: Bus;
  beforeEach(() => {
    bus = create();
  });
  afterEach(async () => {
    await bus.close();
  });

  it('delivers an organisation’s events in publish order, under the logical topic name', async () => {
    const rec = recorder();
    await bus.consume({ groupId: 'ordered', topics: [TOPIC], handler: rec.handler });
    const events = [ticket('demo'), ticket('demo'), ticket('demo')];
    await bus.publish(TOPIC, events.slice(0, 2));
    await bus.publish(TOPIC, events[2]!);

    const handled = await rec.until(3);
    expect(handled.map((h) => h.event)).toEqual(events);
    expect(handled.map((h) => h.meta.topic)).toEqual([TOPIC, TOPIC, TOPIC]);
    // one partition (the org's), offsets rising
    expect(new Set(handled.map((h) => h.meta.partition)).size).toBe(1);
    const offsets = handled.map((h) => BigInt(h.meta.offset));
    expect(offsets).toEqual([...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(offsets).size).toBe(3);
  });

  it('dead-letters a malformed message and a schema-invalid event with their reasons, and goes on to the next event', async () => {
    const rec = recorder();
    await bus.consume({ groupId: 'crm.psa-events', topics: [TOPIC], handler: rec.handler });
    const malformed = '{"specversion":"1.0","id":';
    const { ticketId: _ticketId, ...dataWithoutTicket } = ticket('demo').data;
    const invalid = JSON.stringify({ ...ticket('demo'), data: dataWithoutTicket });
    const valid = ticket('demo');
    await bus.publishRaw(TOPIC, 'demo', malformed);
    await bus.publishRaw(TOPIC, 'demo', invalid);
    await bus.publish(TOPIC, valid);

    await rec.until(1);
    expect(rec.ids()).toEqual([valid.id]);

    const [first, second] = await deadLetters(bus, 2);
    expect(first).toMatchObject({ reason: expect.stringContaining('malformed JSON'), consumer: 'crm.psa-events', topic: TOPIC, key: 'demo', value: malformed });
    expect(first!.readFrom).toBe(DLQ);
    expect(second).toMatchObject({ reason: expect.stringContaining('ticketId'), consumer: 'crm.psa-events', topic: TOPIC, key: 'demo', value: invalid });
    expect(Number.isNaN(Date.parse(second!.failedAt))).toBe(false);
  });

  it('dead-letters an event whose handler throws PermanentEventError at once, without retrying it', async () => {
    const rec = recorder((event) => {
      const data = event.data as EventData<'psa.ticket.activity'>;
      if (data.crmCompanyId === 'cmp_unknown') throw new PermanentEventError(`unknown company ${data.crmCompanyId}`);
    });
    await bus.consume({ groupId: 'permanent', topics: [TOPIC], handler: rec.handler, retryDelayMs: 1, maxAttempts: 5 });
    const doomed = ticket('demo', { crmCompanyId: 'cmp_unknown' });
    const next = ticket('demo');
    await bus.publish(TOPIC, [doomed, next]);

    await rec.until(1);
    expect(rec.ids()).toEqual([next.id]);
    expect(rec.attempts.get(doomed.id)).toBe(1);
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: 'unknown company cmp_unknown', consumer: 'permanent', value: JSON.stringify(doomed) });
  });

  it('retries a handler that fails for a while and does not dead-letter the event once it succeeds', async () => {
    const rec = recorder((event, _meta, attempt) => {
      if (attempt <= 2) throw new Error(`database unavailable for ${event.id}`);
    });
    await bus.consume({ groupId: 'transient', topics: [TOPIC], handler: rec.handler, retryDelayMs: 5 });
    const event = ticket('demo');
    await bus.publish(TOPIC, event);

    await rec.until(1);
    expect(rec.ids()).toEqual([event.id]);
    expect(rec.attempts.get(event.id)).toBe(3);

    // a poison message behind it, then a good one: the poison is the first (only) entry of the DLQ
    const poison = 'not json';
    const after = ticket('demo');
    await bus.publishRaw(TOPIC, 'demo', poison);
    await bus.publish(TOPIC, after);
    await rec.until(2);
    const dlq = await deadLetters(bus, 1);
    expect(dlq.map((l) => l.value)).toEqual([poison]);
  });

  it('does not count the attempts that failed because the consumer could not work (isUnavailable): no dead letter, the same attempt number', async () => {
    // the consumer's own database away for three tries, with only two attempts allowed for failures of the event
    const told: (number | undefined)[] = [];
    const rec = recorder((event, meta, attempt) => {
      told.push(meta.attempt);
      if (attempt <= 3) throw Object.assign(new Error(`database away for ${event.id}`), { unavailable: true });
    });
    await bus.consume({
      groupId: 'unavailable',
      topics: [TOPIC],
      handler: rec.handler,
      retryDelayMs: 1,
      maxAttempts: 2,
      isUnavailable: (error) => (error as { unavailable?: boolean }).unavailable === true,
    });
    const event = ticket('demo');
    await bus.publish(TOPIC, event);
    await rec.until(1);
    expect(rec.ids()).toEqual([event.id]);
    expect(told).toEqual([1, 1, 1, 1]);
  });

  it('dead-letters an event whose handler keeps failing, after maxAttempts, and goes on to the next', async () => {
    // what the handler is told of each attempt: its number, and whether a failure now dead-letters the event
    const told: [number | undefined, boolean | undefined][] = [];
    const rec = recorder((event, meta) => {
      if ((event.data as EventData<'psa.ticket.activity'>).summary !== 'always fails') return;
      told.push([meta.attempt, meta.lastAttempt]);
      throw new Error('boom');
    });
    await bus.consume({ groupId: 'failing', topics: [TOPIC], handler: rec.handler, retryDelayMs: 1, maxAttempts: 3 });
    const failing = ticket('demo', { summary: 'always fails' });
    const next = ticket('demo');
    await bus.publish(TOPIC, [failing, next]);

    await rec.until(1);
    expect(rec.ids()).toEqual([next.id]);
    expect(rec.attempts.get(failing.id)).toBe(3);
    expect(told).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: 'handler failed after 3 attempts: boom', consumer: 'failing', value: JSON.stringify(failing) });
  });

  it('tells the consumer of each event it gives up on (onDeadLetter), with the letter and the envelope when there is one, before the DLQ has it', async () => {
    const told: [DeadLetter, Envelope | undefined][] = [];
    const rec = recorder((event) => {
      if ((event.data as EventData<'psa.ticket.activity'>).summary === 'refused') throw new PermanentEventError('refused for good');
    });
    await bus.consume({ groupId: 'told', topics: [TOPIC], handler: rec.handler, onDeadLetter: async (letter, event) => void told.push([letter, event]) });
    const refused = ticket('demo', { summary: 'refused' });
    await bus.publishRaw(TOPIC, 'demo', 'not json');
    await bus.publish(TOPIC, [refused, ticket('demo')]);
    await rec.until(1);
    const letters = await deadLetters(bus, 2);
    expect(told.map(([letter, event]) => [letter.reason, event?.id])).toEqual([
      [expect.stringContaining('malformed JSON'), undefined],
      ['refused for good', refused.id],
    ]);
    expect(told.map(([letter]) => letter)).toEqual(letters.map(({ readFrom: _readFrom, ...letter }) => letter));
  });

  it('refuses to publish an invalid envelope and puts nothing of the batch on the topic', async () => {
    const good = ticket('demo');
    const { ticketId: _ticketId, ...dataWithoutTicket } = ticket('demo').data;
    const bad = { ...ticket('demo'), data: dataWithoutTicket } as Envelope;
    await expect(bus.publish(TOPIC, [good, bad])).rejects.toThrow(/ticketId/);
    await expect(bus.publish(TOPIC, { ...ticket('demo'), orgid: '' })).rejects.toThrow(/orgid/);

    const sentinel = ticket('demo');
    await bus.publish(TOPIC, sentinel);
    const rec = recorder();
    await bus.consume({ groupId: 'refused', topics: [TOPIC], handler: rec.handler });
    const [first] = await rec.until(1);
    // the sentinel is the first message of its (the org's) partition: nothing went before it
    expect(first!.event.id).toBe(sentinel.id);
    expect(first!.meta.offset).toBe('0');
  });

  it('dead-letters a message whose key is not its envelope’s orgid', async () => {
    const rec = recorder();
    await bus.consume({ groupId: 'keys', topics: [TOPIC], handler: rec.handler });
    const smuggled = JSON.stringify(ticket('demo'));
    const next = ticket('demo-2');
    await bus.publishRaw(TOPIC, 'demo-2', smuggled);
    await bus.publish(TOPIC, next);

    await rec.until(1);
    expect(rec.ids()).toEqual([next.id]);
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: expect.stringContaining('does not match'), key: 'demo-2', value: smuggled });
    expect(letter!.reason).toContain('demo-2');
  });

  it('gives every event to each consumer group', async () => {
    const crm = recorder();
    const integrations = recorder();
    await bus.consume({ groupId: 'crm', topics: [TOPIC], handler: crm.handler });
    await bus.consume({ groupId: 'integrations', topics: [TOPIC], handler: integrations.handler });
    const events = [ticket('demo'), ticket('demo-2'), ticket('demo')];
    await bus.publish(TOPIC, events);

    await crm.until(3);
    await integrations.until(3);
    const published = events.map((e) => e.id).sort();
    expect(crm.ids().sort()).toEqual(published);
    expect(integrations.ids().sort()).toEqual(published);
  });

  it('starts a fromBeginning: false consumer at the end of the topic', async () => {
    const earlier = ticket('demo');
    await bus.publish(TOPIC, earlier);
    const rec = recorder();
    await bus.consume({ groupId: 'live-only', topics: [TOPIC], handler: rec.handler, fromBeginning: false });
    // published right after consume() resolves: it must not be missed
    const later = [ticket('demo'), ticket('demo')];
    await bus.publish(TOPIC, later);

    await rec.until(2);
    // `earlier` sits before them in the same partition: had it been delivered, it would be first
    expect(rec.ids()).toEqual(later.map((e) => e.id));
  });

  /** Where each event went: to `batchHandler` (with its batch's size) or to `handler` alone. */
  function batchRecorder(failBatches = false) {
    const seen = arrivals<{ id: string; via: 'batch' | 'single'; size: number }>('handled events');
    const batches: number[] = [];
    return {
      seen,
      batches,
      batchHandler: async (items: readonly { event: Envelope }[]) => {
        batches.push(items.length);
        if (failBatches) throw new Error('the batch fails');
        for (const { event } of items) seen.push({ id: event.id, via: 'batch', size: items.length });
      },
      handler: async (event: Envelope) => {
        seen.push({ id: event.id, via: 'single', size: 1 });
      },
    };
  }

  it('hands a backlog to batchHandler in publish order, at most maxBatch events at a time, each event once', async () => {
    const events = Array.from({ length: 7 }, () => ticket('demo'));
    await bus.publish(TOPIC, events);
    const rec = batchRecorder();
    await bus.consume({ groupId: 'batched', topics: [TOPIC], handler: rec.handler, batchHandler: rec.batchHandler, maxBatch: 3 });

    const seen = await rec.seen.until(7);
    expect(seen.map((s) => s.id)).toEqual(events.map((e) => e.id));
    expect(seen.some((s) => s.via === 'batch')).toBe(true);
    // a batch holds two events at least (one alone goes to handler) and maxBatch at most
    for (const size of rec.batches) expect(size).toBeGreaterThanOrEqual(2);
    for (const size of rec.batches) expect(size).toBeLessThanOrEqual(3);
  });

  it('hands the events of a batch that throws to handler one at a time: none lost, none twice', async () => {
    const events = Array.from({ length: 5 }, () => ticket('demo'));
    await bus.publish(TOPIC, events);
    const rec = batchRecorder(true);
    await bus.consume({ groupId: 'batch-fails', topics: [TOPIC], handler: rec.handler, batchHandler: rec.batchHandler });

    const seen = await rec.seen.until(5);
    expect(seen).toEqual(events.map((e) => ({ id: e.id, via: 'single', size: 1 })));
    expect(rec.batches.length).toBeGreaterThan(0);
  });

  it('ends a batch at a malformed message: it is dead-lettered, the events around it handled once each', async () => {
    const before = [ticket('demo'), ticket('demo')];
    const after = [ticket('demo'), ticket('demo')];
    await bus.publish(TOPIC, before);
    await bus.publishRaw(TOPIC, 'demo', '{"specversion":');
    await bus.publish(TOPIC, after);
    const rec = batchRecorder();
    await bus.consume({ groupId: 'crm.psa-events', topics: [TOPIC], handler: rec.handler, batchHandler: rec.batchHandler });

    const seen = await rec.seen.until(4);
    expect(seen.map((s) => s.id)).toEqual([...before, ...after].map((e) => e.id));
    const [letter] = await deadLetters(bus, 1);
    expect(letter).toMatchObject({ reason: expect.stringContaining('malformed JSON'), consumer: 'crm.psa-events', value: '{"specversion":' });
  });

  it('stops its consumers on close: what is published afterwards waits for the group’s next consumer', async () => {
    const before = recorder();
    await bus.consume({ groupId: 'restartable', topics: [TOPIC], handler: before.handler });
    const first = ticket('demo');
    await bus.publish(TOPIC, first);
    await before.until(1);

    await bus.close();
    const second = ticket('demo');
    await bus.publish(TOPIC, second);
    const after = recorder();
    await bus.consume({ groupId: 'restartable', topics: [TOPIC], handler: after.handler });
    await after.until(1);

    expect(after.ids()).toEqual([second.id]);
    expect(before.ids()).toEqual([first.id]);
  });
});
