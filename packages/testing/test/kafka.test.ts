import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Consumer, type EachMessagePayload } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureKafkaTopics } from '@onegraph/bus';
import { startKafkaBroker, type KafkaBroker } from '../src/kafka.ts';
import { scramLogin } from '../src/kafka-acls.ts';
import { testKafkaLogin } from '../src/kafka-bus.ts';

interface Received {
  key: string | undefined;
  value: string | undefined;
  offset: string;
  partition: number;
}

/** Runs `consumer` and lets tests await the n-th message (no sleeps). */
function collect(consumer: Consumer) {
  const received: Received[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const run = consumer.run({
    eachMessage: async ({ partition, message }: EachMessagePayload) => {
      received.push({
        key: message.key?.toString(),
        value: message.value?.toString(),
        offset: message.offset,
        partition,
      });
      for (const w of waiters.filter((x) => received.length >= x.n)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
  });
  return {
    received,
    run,
    /** Resolves once at least `n` messages arrived; rejects after `timeoutMs`. */
    until(n: number, timeoutMs = 30_000): Promise<Received[]> {
      if (received.length >= n) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`got ${received.length}/${n} messages after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
  };
}

describe('Kafka test broker (globalSetup)', () => {
  const brokers = inject('kafkaBrokers');

  it('is provided to tests', () => {
    expect(brokers).toMatch(/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/);
  });

  it('round-trips 3 messages in order through a fresh topic and consumer group', async () => {
    // topics and groups outside the Bus's names: the broker's super user
    const kafka = new Kafka({ ...testKafkaLogin('admin'), clientId: 'testing-kafka-test', brokers: brokers.split(','), logLevel: logLevel.WARN });
    const topic = `testing.roundtrip.${randomUUID()}`;
    const admin = kafka.admin();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    // maxWaitTimeInMs: a fetch in flight delays disconnect() by up to this long (default 5 s).
    const consumer = kafka.consumer({ groupId: `testing-${randomUUID()}`, maxWaitTimeInMs: 100 });
    try {
      await admin.connect();
      await ensureKafkaTopics(admin, [topic], { partitions: 1 });
      expect(await admin.listTopics()).toContain(topic);

      await producer.connect();
      await producer.send({
        topic,
        messages: [
          { key: 'k1', value: 'one' },
          { key: 'k2', value: 'two' },
          { key: 'k3', value: 'three' },
        ],
      });

      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const c = collect(consumer);
      await c.run;
      const got = await c.until(3);

      expect(got.map((m) => [m.key, m.value])).toEqual([
        ['k1', 'one'],
        ['k2', 'two'],
        ['k3', 'three'],
      ]);
      expect(got.map((m) => m.offset)).toEqual(['0', '1', '2']);
      expect(new Set(got.map((m) => m.partition))).toEqual(new Set([0]));
    } finally {
      await consumer.disconnect().catch(() => {});
      await producer.disconnect().catch(() => {});
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect().catch(() => {});
    }
  });
});

// Its own broker: restarting the shared one would disturb test files running in parallel.
describe('Kafka test broker restart (own broker)', () => {
  let broker: KafkaBroker | undefined;
  afterAll(async () => {
    await broker?.dispose();
  });

  it('keeps port and data across a crash (kill) and a graceful restart, mid-stream', async () => {
    broker = await startKafkaBroker();
    const b = broker;
    const kafka = new Kafka({
      clientId: 'testing-kafka-restart',
      brokers: b.brokerList,
      sasl: scramLogin(b.credentials, 'admin'),
      // Connection errors while the broker is down are expected here.
      logLevel: logLevel.NOTHING,
      // Reconnect quickly and keep trying: kafkajs' default backoff grows to
      // 30 s, which on a loaded machine can outlast the test.
      retry: { initialRetryTime: 100, maxRetryTime: 1_000, retries: 60 },
    });
    const topic = `testing.restart.${randomUUID()}`;
    const admin = kafka.admin();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    // A short session: after a restart the group coordinator reloads and the
    // consumer rejoins; with kafkajs' 30 s default, waiting out the old
    // member's session could take the whole of a 30 s wait on a loaded machine.
    const consumer = kafka.consumer({ groupId: `testing-${randomUUID()}`, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    const crashes: unknown[] = [];
    consumer.on(consumer.events.CRASH, (e) => crashes.push(e.payload.error));
    try {
      await admin.connect();
      await ensureKafkaTopics(admin, [topic], { partitions: 1 });
      await admin.disconnect();
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const c = collect(consumer);
      await c.run;

      await producer.send({ topic, messages: [{ value: 'before-crash' }] });
      await c.until(1);

      await b.kill();
      expect(await b.isRunning()).toBe(false);
      await b.start(); // same run dir, same port, no reformat
      await producer.send({ topic, messages: [{ value: 'after-crash' }] });
      await c.until(2, 60_000);

      await b.restart(); // graceful stop + start
      await producer.send({ topic, messages: [{ value: 'after-restart' }] });
      await c.until(3, 60_000);

      expect(c.received.map((m) => m.value)).toEqual(['before-crash', 'after-crash', 'after-restart']);
      expect(c.received.map((m) => m.offset)).toEqual(['0', '1', '2']);

      // The data survived on disk: a new group reads everything from the beginning.
      const reader = kafka.consumer({ groupId: `testing-${randomUUID()}`, maxWaitTimeInMs: 100 });
      await reader.connect();
      await reader.subscribe({ topics: [topic], fromBeginning: true });
      const r = collect(reader);
      await r.run;
      expect((await r.until(3)).map((m) => m.value)).toEqual(['before-crash', 'after-crash', 'after-restart']);
      await reader.disconnect();
    } finally {
      await consumer.disconnect().catch(() => {});
      await producer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
    }
    expect(b.brokers).toBe(`127.0.0.1:${b.port}`);
    // Reported for information: kafkajs may restart its consumer internally while the broker is down.
    if (crashes.length > 0) console.info(`consumer crashed and restarted ${crashes.length}x during broker restarts`);
  }, 240_000);
});
