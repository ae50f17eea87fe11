import { Kafka, Partitioners, logLevel, type Admin, type Producer } from 'kafkajs';
import type { Bus, BusConsumer, ConsumeOptions, DeadLetterConsumeOptions, MessageMeta } from './bus.ts';
import type { Envelope } from './envelope.ts';
import { decodeDeadLetter, processMessage, type ProcessLog, type RawMessage } from './process.ts';
import { dlqTopicOf } from './topics.ts';
import { validateEnvelope } from './validate.ts';

export interface KafkaBusOptions {
  brokers: readonly string[];
  /** Names this process to the broker. Default `onegraph`. */
  clientId?: string;
  /** Partitions of topics this bus creates. Default 3. */
  partitions?: number;
  /**
   * Prefixed to every topic and group id on the broker (not to the names the
   * code sees), so that several stacks can share one cluster without seeing
   * each other: tests give each stack its own. Default none.
   */
  namespace?: string;
  log?: ProcessLog;
}

/**
 * The Kafka transport (kafkajs). Producers are idempotent with one request in
 * flight, so a retried send neither duplicates nor reorders; the message key
 * is the org id, so each organisation's events keep their order. Topics are
 * created on first use with the configured partition count.
 */
export function createKafkaBus(options: KafkaBusOptions): Bus {
  const log = options.log ?? { warn: () => {} };
  const kafka = new Kafka({
    clientId: options.clientId ?? 'onegraph',
    brokers: [...options.brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
  });
  const partitions = options.partitions ?? 3;
  const ns = options.namespace ?? '';
  const physical = (topic: string) => `${ns}${topic}`;
  const logical = (topic: string) => (ns && topic.startsWith(ns) ? topic.slice(ns.length) : topic);
  let producer: Promise<Producer> | undefined;
  let admin: Promise<Admin> | undefined;
  const knownTopics = new Set<string>();
  const consumers = new Set<BusConsumer>();

  const getProducer = () =>
    (producer ??= (async () => {
      const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await p.connect();
      return p;
    })().catch((error: unknown) => {
      producer = undefined;
      throw error;
    }));
  const getAdmin = () =>
    (admin ??= (async () => {
      const a = kafka.admin();
      await a.connect();
      return a;
    })().catch((error: unknown) => {
      admin = undefined;
      throw error;
    }));

  async function ensureTopics(logicalTopics: readonly string[]) {
    const topics = logicalTopics.map(physical);
    const missing = topics.filter((t) => !knownTopics.has(t));
    if (missing.length === 0) return;
    const a = await getAdmin();
    const existing = new Set(await a.listTopics());
    const create = missing.filter((t) => !existing.has(t));
    if (create.length > 0) {
      await a.createTopics({ waitForLeaders: true, topics: create.map((topic) => ({ topic, numPartitions: partitions })) });
    }
    for (const t of missing) knownTopics.add(t);
  }

  async function send(topic: string, messages: { key: string | null; value: string }[]) {
    await ensureTopics([topic]);
    const p = await getProducer();
    await p.send({ topic: physical(topic), acks: -1, messages });
  }

  /** End offsets of the topics' partitions, for a group that has no committed position yet (else none). */
  async function endOffsetsForNewGroup(groupId: string, topics: readonly string[]) {
    const a = await getAdmin();
    const committed = await a.fetchOffsets({ groupId, topics: [...topics] });
    const positions: { topic: string; partition: number; offset: string }[] = [];
    for (const { topic, partitions: parts } of committed) {
      if (parts.some((p) => p.offset !== '-1')) continue;
      for (const p of await a.fetchTopicOffsets(topic)) positions.push({ topic, partition: p.partition, offset: p.high });
    }
    return positions;
  }

  async function consumeWith(
    options: { groupId: string; topics: readonly string[]; fromBeginning?: boolean },
    deliver: (message: RawMessage, meta: MessageMeta, isStopping: () => boolean) => Promise<void>,
  ): Promise<BusConsumer> {
    await ensureTopics(options.topics);
    const consumer = kafka.consumer({
      groupId: `${ns}${options.groupId}`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 10_000,
      maxWaitTimeInMs: 100,
    });
    let stopping = false;
    const topics = options.topics.map(physical);
    // kafkajs resolves "latest" only at its first fetch, after `run` and the
    // group join: events published in between would be missed. A new group
    // that starts from the end therefore starts at the end offsets taken now.
    const startAt = options.fromBeginning === false ? await endOffsetsForNewGroup(`${ns}${options.groupId}`, topics) : [];
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
    // `run` resolves before the group is joined; callers that publish right
    // after `consume` returns must find the consumer assigned.
    const joined = new Promise<void>((resolve) => {
      const off = consumer.on(consumer.events.GROUP_JOIN, () => {
        off();
        resolve();
      });
    });
    await consumer.run({
      autoCommit: true,
      eachMessage: ({ topic, partition, message }) =>
        deliver(
          { key: message.key?.toString('utf8') ?? null, value: message.value?.toString('utf8') ?? null },
          { topic: logical(topic), partition, offset: message.offset, timestamp: message.timestamp },
          () => stopping,
        ),
    });
    await joined;
    for (const position of startAt) consumer.seek(position);
    const handle: BusConsumer = {
      async stop() {
        stopping = true;
        consumers.delete(handle);
        await consumer.disconnect();
      },
    };
    consumers.add(handle);
    return handle;
  }

  return {
    kind: 'kafka',
    async publish(topic, events) {
      const list = Array.isArray(events) ? events : [events as Envelope];
      for (const event of list) {
        const checked = validateEnvelope(event);
        if (!checked.ok) throw new Error(`refusing to publish ${event.type}: ${checked.reason}`);
      }
      await send(topic, list.map((event) => ({ key: event.orgid, value: JSON.stringify(event) })));
    },
    async publishRaw(topic, key, value) {
      await send(topic, [{ key, value }]);
    },
    consume(consumeOptions: ConsumeOptions) {
      return consumeWith(consumeOptions, (message, meta, isStopping) =>
        processMessage(consumeOptions, message, meta, async (dlq, key, letter) => send(dlq, [{ key, value: JSON.stringify(letter) }]), log, isStopping),
      );
    },
    consumeDeadLetters(options: DeadLetterConsumeOptions) {
      return consumeWith({ ...options, topics: [dlqTopicOf(options.topic)] }, (message, meta) => options.handler(decodeDeadLetter(message, meta), meta));
    },
    async close() {
      await Promise.all([...consumers].map((c) => c.stop()));
      const p = producer;
      const a = admin;
      producer = admin = undefined;
      await Promise.all([p?.then((x) => x.disconnect()).catch(() => {}), a?.then((x) => x.disconnect()).catch(() => {})]);
    },
  };
}
