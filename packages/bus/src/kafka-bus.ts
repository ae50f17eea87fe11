import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, logLevel, type Admin, type Consumer, type KafkaMessage, type Producer } from 'kafkajs';
import {
  OffsetOutOfRangeError,
  type Bus,
  type BusConsumer,
  type ConsumeOptions,
  type DeadLetterConsumeOptions,
  type MessageMeta,
  type PartitionOffsets,
  type ReplayOptions,
} from './bus.ts';
import type { Envelope } from './envelope.ts';
import { ensureKafkaTopics } from './kafka-topics.ts';
import { createReplayReader, type ReplayReader } from './kafka-replay.ts';
import {
  DEFAULT_MAX_BATCH,
  decodeDeadLetter,
  processAttempt,
  processBatch,
  type BatchOutcome,
  type Heartbeat,
  type ProcessLog,
  type RawMessage,
  type RetryLater,
} from './process.ts';
import type { KafkaSasl } from './kafka-config.ts';
import { dlqTopicOf } from './topics.ts';
import { validateEnvelope } from './validate.ts';

/** Partitions a consumer handles at once (at most this many of its assigned partitions, each in order). */
const PARTITIONS_CONSUMED_CONCURRENTLY = 16;

/** How long closing waits for the broker to delete an ephemeral group before giving up (it then expires on its own). */
const DELETE_GROUP_TIMEOUT_MS = 5_000;

export interface KafkaBusOptions {
  brokers: readonly string[];
  /**
   * The principal this client logs in as (SASL/SCRAM), so that the brokers' ACLs apply to it:
   * One Graph's services read the products' topics and write the CRM's; a product writes its own.
   * Default none (a broker without authentication).
   */
  sasl?: KafkaSasl | undefined;
  /** TLS to the brokers (the system's CAs). Default false. */
  ssl?: boolean;
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
  /**
   * kafkajs' retry budget of every request before it gives up (a producer
   * send then fails, a consumer restarts). Default 8 retries from 200 ms up
   * to 5 s apart: a broker outage of about 25 s is ridden out.
   */
  retry?: { retries: number; initialRetryTime?: number; maxRetryTime?: number };
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
    ...(options.sasl ? { sasl: { ...options.sasl } } : {}),
    ...(options.ssl ? { ssl: true } : {}),
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000, ...options.retry },
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
    await ensureKafkaTopics(await getAdmin(), missing, { partitions });
    for (const t of missing) knownTopics.add(t);
  }

  async function send(topic: string, messages: { key: string | null; value: string }[]) {
    await ensureTopics([topic]);
    const current = getProducer();
    const p = await current;
    try {
      await p.send({ topic: physical(topic), acks: -1, messages });
    } catch (error) {
      // kafkajs has retried already; a producer that still fails (after a
      // broker restart its idempotence state can be stale) is replaced
      if (producer === current) producer = undefined;
      void p.disconnect().catch(() => {});
      throw error;
    }
  }

  /** Best effort: an ephemeral group left behind would otherwise linger until its offsets expire. */
  async function deleteGroup(groupId: string) {
    try {
      const a = await getAdmin();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        a.deleteGroups([groupId]),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), DELETE_GROUP_TIMEOUT_MS))),
      ]).finally(() => clearTimeout(timer));
    } catch (error) {
      log.warn('bus: could not delete a consumer group', { groupId, error: (error as Error).message });
    }
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
    options: { groupId: string; topics: readonly string[]; fromBeginning?: boolean; ephemeral?: boolean; onLag?: ConsumeOptions['onLag']; maxBatch?: number },
    deliver: (message: RawMessage, meta: MessageMeta, isStopping: () => boolean, attempt: number, heartbeat: Heartbeat) => Promise<RetryLater | undefined>,
    deliverBatch?: (run: { message: RawMessage; meta: MessageMeta }[], heartbeat: Heartbeat) => Promise<BatchOutcome>,
  ): Promise<BusConsumer> {
    await ensureTopics(options.topics);
    const groupId = `${ns}${options.groupId}`;
    const topics = options.topics.map(physical);
    const ephemeral = options.ephemeral === true;
    const fromBeginning = ephemeral ? false : (options.fromBeginning ?? true);
    // kafkajs resolves "latest" only at its first fetch, after `run` and the
    // group join: events published in between would be missed. A new group
    // that starts from the end therefore starts at the end offsets taken now.
    // An ephemeral consumer also keeps, per partition, the next offset to
    // handle, and goes back there whenever it rejoins.
    const positions = new Map<string, { topic: string; partition: number; offset: string }>();
    if (!fromBeginning) {
      for (const p of await endOffsetsForNewGroup(groupId, topics)) positions.set(`${p.topic}:${p.partition}`, p);
    }
    let stopping = false;
    // per partition, the message waiting for its next attempt (a paused partition) and which attempt that is
    const retrying = new Map<string, { offset: string; attempt: number }>();
    const resumeTimers = new Set<NodeJS.Timeout>();
    let current: Consumer | undefined;
    let reopening: Promise<void> | undefined;

    const open = async (first: boolean): Promise<Consumer> => {
      const consumer = kafka.consumer({
        groupId,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        rebalanceTimeout: 10_000,
        maxWaitTimeInMs: 100,
      });
      let joinedOnce = false;
      let failed: ((error: Error) => void) | undefined;
      // `run` resolves before the group is joined; callers that publish right
      // after `consume` returns must find the consumer assigned.
      const joined = new Promise<void>((resolve, reject) => {
        failed = reject;
        consumer.on(consumer.events.GROUP_JOIN, () => {
          // seeks are made here, synchronously, so that they precede the first fetch
          if (ephemeral || (first && !joinedOnce)) for (const position of positions.values()) consumer.seek(position);
          if (ephemeral && (!first || joinedOnce))
            log.warn('bus: consumer rejoined its group, resuming after the last message it handled', { consumer: options.groupId });
          else if (joinedOnce) log.warn('bus: consumer rejoined its group', { consumer: options.groupId });
          joinedOnce = true;
          resolve();
        });
      });
      joined.catch(() => {});
      // a member that stops heartbeating (a handler stuck past the session timeout) is evicted and rejoins: both show here
      consumer.on(consumer.events.REBALANCING, () => log.warn('bus: consumer group rebalancing', { consumer: options.groupId }));
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart || stopping) return;
        // kafkajs restarts a consumer after retriable errors only; any other
        // crash would stop it for good. A start in progress fails (its caller
        // retries); a running consumer is replaced.
        failed?.(payload.error);
        if (current !== consumer) return;
        log.warn('bus: consumer crashed, starting it again', { consumer: options.groupId, error: payload.error.message });
        reopen();
      });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning });
        await consumer.run({
          // an ephemeral consumer's positions live in this process (and its group is deleted when it stops):
          // committing them after every batch would cost a request each for nothing
          autoCommit: !ephemeral,
          // Each partition is handled on its own, and a failed attempt with attempts left does not
          // wait inside the handler: the partition is paused, its offset left unresolved, and resumed
          // on a timer (the next fetch starts again at that message). The member keeps heartbeating
          // and fetching its other partitions meanwhile: an outage of another product holds back the
          // partitions whose events need it, never the group (see docs/bus.md).
          partitionsConsumedConcurrently: PARTITIONS_CONSUMED_CONCURRENTLY,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat, pause, isRunning, isStale, commitOffsetsIfNecessary }) => {
            const { topic, partition } = batch;
            const key = `${topic}:${partition}`;
            const reportLag = (next: string) =>
              options.onLag?.({ topic: logical(topic), partition, lag: Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(next))) });
            if (batch.messages[0]) reportLag(batch.messages[0].offset);
            const raw = (message: KafkaMessage): RawMessage => ({ key: message.key?.toString('utf8') ?? null, value: message.value?.toString('utf8') ?? null });
            const metaOf = (message: KafkaMessage): MessageMeta => ({ topic: logical(topic), partition, offset: message.offset, timestamp: message.timestamp });
            const handled = async (message: KafkaMessage) => {
              resolveOffset(message.offset);
              reportLag((BigInt(message.offset) + 1n).toString());
              if (ephemeral) positions.set(key, { topic, partition, offset: (BigInt(message.offset) + 1n).toString() });
              else await commitOffsetsIfNecessary();
              await heartbeat();
            };
            // messages of a failed batch, handled one at a time before batching again
            let singlesUntil = 0;
            for (let index = 0; index < batch.messages.length; index++) {
              if (!isRunning() || isStale() || stopping) return;
              const message = batch.messages[index]!;
              const retry = retrying.get(key);
              if (deliverBatch && !retry && index >= singlesUntil) {
                const run = batch.messages.slice(index, index + (options.maxBatch ?? DEFAULT_MAX_BATCH)).map((m) => ({ message: raw(m), meta: metaOf(m) }));
                const outcome = await deliverBatch(run, heartbeat);
                if (outcome.handled > 0) {
                  index += outcome.handled - 1;
                  await handled(batch.messages[index]!);
                  continue;
                }
                singlesUntil = index + outcome.failed;
              }
              const attempt = retry?.offset === message.offset ? retry.attempt : 1;
              const later = await deliver(raw(message), metaOf(message), () => stopping, attempt, heartbeat);
              if (later) {
                retrying.set(key, { offset: message.offset, attempt: later.uncounted ? attempt : attempt + 1 });
                const resume = pause();
                const timer = setTimeout(() => {
                  resumeTimers.delete(timer);
                  resume();
                }, later.retryInMs);
                resumeTimers.add(timer);
                return;
              }
              retrying.delete(key);
              await handled(message);
            }
          },
        });
        await joined;
        return consumer;
      } catch (error) {
        await consumer.disconnect().catch(() => {});
        throw error;
      }
    };

    const reopen = () => {
      reopening ??= (async () => {
        await current?.disconnect().catch(() => {});
        for (let attempt = 0; !stopping; attempt++) {
          try {
            const next = await open(false);
            if (stopping) await next.disconnect();
            else current = next;
            return;
          } catch (error) {
            log.warn('bus: consumer could not start again, retrying', { consumer: options.groupId, error: (error as Error).message });
            await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** Math.min(attempt, 6))));
          }
        }
      })().finally(() => {
        reopening = undefined;
      });
    };

    current = await open(true);
    const handle: BusConsumer = {
      async stop() {
        stopping = true;
        for (const timer of resumeTimers) clearTimeout(timer);
        resumeTimers.clear();
        consumers.delete(handle);
        await reopening;
        await current?.disconnect();
        if (ephemeral) await deleteGroup(groupId);
      },
    };
    consumers.add(handle);
    return handle;
  }

  const replayReaders = new Map<string, ReplayReader>();
  /** The reader of a topic, made on first use: one consumer, in a group of its own, per process and topic. */
  const replayReaderOf = (topic: string) => {
    let reader = replayReaders.get(topic);
    if (!reader) {
      reader = createReplayReader({
        kafka,
        topic: physical(topic),
        logicalTopic: topic,
        groupId: `${ns}onegraph-replay-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
        log,
        deleteGroup,
      });
      replayReaders.set(topic, reader);
    }
    return reader;
  };

  async function offsets(topic: string): Promise<PartitionOffsets[]> {
    await ensureTopics([topic]);
    const a = await getAdmin();
    const result = await a.fetchTopicOffsets(physical(topic));
    return result.map(({ partition, low, high }) => ({ partition, low, high })).sort((x, y) => x.partition - y.partition);
  }

  // the producer's partitioner: a key's partition computed here is the one its events were sent to
  const partitionOfKey = Partitioners.DefaultPartitioner();

  async function offsetAt(topic: string, key: string, timestampMs: number) {
    await ensureTopics([topic]);
    const a = await getAdmin();
    const ranges = await a.fetchTopicOffsets(physical(topic));
    const partition = partitionOfKey({
      topic: physical(topic),
      partitionMetadata: ranges.map((r) => ({ partitionId: r.partition, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] })),
      message: { key, value: null },
    });
    const range = ranges.find((r) => r.partition === partition);
    const at = (await a.fetchTopicOffsetsByTimestamp(physical(topic), timestampMs)).find((p) => p.partition === partition);
    if (!range || !at) throw new Error(`${topic} has no partition ${partition}`);
    return { partition, offset: at.offset, low: range.low, high: range.high };
  }

  return {
    kind: 'kafka',
    offsetAt,
    async publish(topic, events) {
      const list = Array.isArray(events) ? events : [events as Envelope];
      for (const event of list) {
        const checked = validateEnvelope(event);
        if (!checked.ok) throw new Error(`refusing to publish ${event.type}: ${checked.reason}`);
      }
      await send(
        topic,
        list.map((event) => ({ key: event.orgid, value: JSON.stringify(event) })),
      );
    },
    async publishRaw(topic, key, value) {
      await send(topic, [{ key, value }]);
    },
    consume(consumeOptions: ConsumeOptions) {
      return consumeWith(
        consumeOptions,
        (message, meta, isStopping, attempt, heartbeat) =>
          processAttempt(
            consumeOptions,
            message,
            meta,
            async (dlq, key, letter) => send(dlq, [{ key, value: JSON.stringify(letter) }]),
            log,
            isStopping,
            attempt,
            heartbeat,
          ),
        consumeOptions.batchHandler ? (run, heartbeat) => processBatch(consumeOptions, run, log, heartbeat) : undefined,
      );
    },
    consumeDeadLetters(options: DeadLetterConsumeOptions) {
      return consumeWith({ ...options, topics: [dlqTopicOf(options.topic)] }, async (message, meta) => {
        await options.handler(decodeDeadLetter(message, meta), meta);
        return undefined;
      });
    },
    offsets,
    async replay(replayOptions: ReplayOptions) {
      const { topic, partition } = replayOptions;
      const from = BigInt(replayOptions.fromOffset);
      const until = BigInt(replayOptions.untilOffset);
      if (until <= from) return;
      const stored = (await offsets(topic)).find((p) => p.partition === partition);
      if (!stored) throw new Error(`${topic} has no partition ${partition}`);
      if (from < BigInt(stored.low)) throw new OffsetOutOfRangeError(topic, partition, replayOptions.fromOffset, stored.low);
      await replayReaderOf(topic).replay(partition, from, until, replayOptions.handler, replayOptions.signal);
    },
    async close() {
      const readers = [...replayReaders.values()];
      replayReaders.clear();
      await Promise.all([...[...consumers].map((c) => c.stop()), ...readers.map((r) => r.stop())]);
      const p = producer;
      const a = admin;
      producer = admin = undefined;
      await Promise.all([p?.then((x) => x.disconnect()).catch(() => {}), a?.then((x) => x.disconnect()).catch(() => {})]);
    },
  };
}
