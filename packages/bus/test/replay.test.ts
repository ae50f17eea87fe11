import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEnvelope, createMemoryBus, OffsetOutOfRangeError, topicOf, type Bus, type Envelope, type MessageMeta } from '@onegraph/bus';
import { testKafkaBus, testKafkaLogin } from '@onegraph/testing';

const TOPIC = topicOf('crm');

/** Drops a partition's records before an offset, as retention would; lists groups. Kafka only. */
interface BrokerControl {
  truncate(partition: number, offset: string): Promise<void>;
  groups(): Promise<string[]>;
}

interface Transport {
  bus: Bus;
  control: BrokerControl;
}

const memory = (): Transport => {
  const bus = createMemoryBus();
  return {
    bus,
    control: {
      truncate: async (_partition, offset) => bus.truncate(TOPIC, Number(offset)),
      groups: async () => [],
    },
  };
};

let admin: ReturnType<Kafka['admin']> | undefined;
beforeAll(async () => {
  admin = new Kafka({
    ...testKafkaLogin('admin'),
    clientId: 'bus-replay-test',
    brokers: inject('kafkaBrokers').split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
});

const kafka = (): Transport => {
  const bus = testKafkaBus({ clientId: 'bus-replay-test' });
  const { namespace } = bus;
  return {
    bus,
    control: {
      truncate: async (partition, offset) => {
        await admin!.fetchTopicMetadata({ topics: [`${namespace}${TOPIC}`] }); // deleteTopicRecords needs it loaded
        await admin!.deleteTopicRecords({ topic: `${namespace}${TOPIC}`, partitions: [{ partition, offset }] });
      },
      groups: async () =>
        (await admin!.listGroups()).groups
          .map((g) => g.groupId)
          .filter((g) => g.startsWith(namespace))
          .map((g) => g.slice(namespace.length)),
    },
  };
};

function activity(org: string, n: number): Envelope {
  return createEnvelope({ type: 'crm.activity.logged', source: 'onegraph/crm', orgid: org, data: { activityId: `act_${n}`, companyId: 'cmp_acme' } });
}

/** Publishes `count` events of one org and returns them with where they landed (one partition: the org's), read by a plain consumer. */
async function published(bus: Bus, org: string, count: number) {
  const events = Array.from({ length: count }, (_, i) => activity(org, i));
  const seen: { event: Envelope; meta: MessageMeta }[] = [];
  const reader = await bus.consume({ groupId: `reader-${randomUUID()}`, topics: [TOPIC], handler: async (event, meta) => void seen.push({ event, meta }) });
  await bus.publish(TOPIC, events);
  await expect.poll(() => seen.length, { timeout: 15_000 }).toBe(count);
  await reader.stop();
  expect(seen.map((s) => s.event.id)).toEqual(events.map((e) => e.id));
  return { events, partition: seen[0]!.meta.partition, offsets: seen.map((s) => s.meta.offset) };
}

describe.each([
  { name: 'memory', create: memory },
  { name: 'kafka', create: kafka },
])('replay on the $name transport', ({ create }) => {
  let t: Transport;
  afterEach(async () => {
    await t.bus.close();
  });

  it('reads a range of a partition again, in order, with offsets, skipping messages that are not valid events', async () => {
    t = create();
    const { events, partition, offsets } = await published(t.bus, 'demo', 5);
    await t.bus.publishRaw(TOPIC, 'demo', 'not json');
    await t.bus.publish(TOPIC, activity('demo', 99));

    const got: { id: string; offset: string }[] = [];
    const [stored] = (await t.bus.offsets(TOPIC)).filter((p) => p.partition === partition);
    expect(BigInt(stored!.high)).toBe(BigInt(offsets[4]!) + 3n);
    await t.bus.replay({
      topic: TOPIC,
      partition,
      fromOffset: offsets[2]!,
      untilOffset: stored!.high,
      handler: async (event, meta) => void got.push({ id: event.id, offset: meta.offset }),
    });
    expect(got.slice(0, 3)).toEqual([2, 3, 4].map((i) => ({ id: events[i]!.id, offset: offsets[i]! })));
    expect(got).toHaveLength(4); // the poison message is skipped, the last event is read
    expect(BigInt(got[3]!.offset)).toBe(BigInt(offsets[4]!) + 2n);
  });

  it('finds where an organisation’s events stood at a time: its partition, the first offset at or after it, or the end', async () => {
    t = create();
    const orgs = ['demo', 'demo-2', 'org-3', 'org-4', 'org-5'];
    const seen: { event: Envelope; meta: MessageMeta }[] = [];
    const reader = await t.bus.consume({ groupId: `reader-${randomUUID()}`, topics: [TOPIC], handler: async (event, meta) => void seen.push({ event, meta }) });
    await t.bus.publish(
      TOPIC,
      orgs.map((org, i) => activity(org, i)),
    );
    await expect.poll(() => seen.length, { timeout: 15_000 }).toBe(orgs.length);
    const between = Date.now() + 1;
    await expect.poll(() => Date.now() > between).toBe(true);
    await t.bus.publish(TOPIC, activity('demo', 99));
    await expect.poll(() => seen.length, { timeout: 15_000 }).toBe(orgs.length + 1);
    await reader.stop();

    for (const org of orgs) {
      const landed = seen.filter((s) => s.event.orgid === org).map((s) => s.meta);
      // the partition the producer sent the org's events to
      const first = await t.bus.offsetAt(TOPIC, org, 0);
      expect(first.partition).toBe(landed[0]!.partition);
      expect(first.offset).toBe(first.low);
      // after everything so far: the end of the partition
      const future = await t.bus.offsetAt(TOPIC, org, Date.now() + 60_000);
      expect(future).toMatchObject({ partition: landed[0]!.partition, offset: future.high });
    }
    // between two events: the second one
    const later = seen.at(-1)!.meta;
    expect(await t.bus.offsetAt(TOPIC, 'demo', between)).toMatchObject({ partition: later.partition, offset: later.offset });
  });

  it('serves concurrent replays of one partition, each exactly its own range', async () => {
    t = create();
    const { events, partition, offsets } = await published(t.bus, 'demo', 30);
    const ranges = [
      [0, 30],
      [10, 20],
      [25, 30],
      [29, 30],
      [5, 6],
    ] as const;
    const results = await Promise.all(
      ranges.map(async ([from, until]) => {
        const ids: string[] = [];
        await t.bus.replay({
          topic: TOPIC,
          partition,
          fromOffset: offsets[from]!,
          untilOffset: (BigInt(offsets[until - 1]!) + 1n).toString(),
          handler: async (event) => void ids.push(event.id),
        });
        return ids;
      }),
    );
    ranges.forEach(([from, until], i) => expect(results[i]).toEqual(events.slice(from, until).map((e) => e.id)));
  });

  it('stops a replay when its signal aborts', async () => {
    t = create();
    const { partition, offsets } = await published(t.bus, 'demo', 10);
    const controller = new AbortController();
    const ids: string[] = [];
    await t.bus.replay({
      topic: TOPIC,
      partition,
      fromOffset: offsets[0]!,
      untilOffset: (BigInt(offsets[9]!) + 1n).toString(),
      signal: controller.signal,
      handler: async (event) => {
        ids.push(event.id);
        if (ids.length === 3) controller.abort();
      },
    });
    expect(ids).toHaveLength(3);
  });

  it('refuses to replay from an offset retention has removed', async () => {
    t = create();
    const { partition, offsets } = await published(t.bus, 'demo', 4);
    await t.control.truncate(partition, offsets[2]!);
    const [stored] = (await t.bus.offsets(TOPIC)).filter((p) => p.partition === partition);
    expect(stored!.low).toBe(offsets[2]);
    const attempt = t.bus.replay({ topic: TOPIC, partition, fromOffset: offsets[1]!, untilOffset: stored!.high, handler: async () => {} });
    await expect(attempt).rejects.toBeInstanceOf(OffsetOutOfRangeError);
    await expect(attempt).rejects.toMatchObject({ offset: offsets[1], low: offsets[2] });
  });

  it('starts an ephemeral consumer at the end of its topics and deletes its group when it stops', async () => {
    t = create();
    await published(t.bus, 'demo', 2);
    const ids: string[] = [];
    const groupId = `instance-${randomUUID().slice(0, 8)}`;
    const consumer = await t.bus.consume({ groupId, topics: [TOPIC], ephemeral: true, fromBeginning: true, handler: async (event) => void ids.push(event.id) });
    const later = [activity('demo', 100), activity('demo', 101)];
    await t.bus.publish(TOPIC, later);
    await expect.poll(() => ids, { timeout: 15_000 }).toEqual(later.map((e) => e.id));
    if (t.bus.kind === 'kafka') expect(await t.control.groups()).toContain(groupId);
    await consumer.stop();
    expect(await t.control.groups()).not.toContain(groupId);
  });
});
