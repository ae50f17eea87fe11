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
import { DEFAULT_MAX_BATCH, decodeDeadLetter, processBatch, processMessage, type BatchOutcome, type ProcessLog, type RawMessage } from './process.ts';
import { dlqTopicOf } from './topics.ts';
import { decodeMessage, validateEnvelope } from './validate.ts';

interface StoredMessage extends RawMessage {
  timestamp: number;
}

export interface MemoryBusOptions {
  log?: ProcessLog;
}

/**
 * The in-process transport: one append-only log per topic and a position per
 * consumer group, so it keeps Kafka's semantics that matter here (ordering,
 * replay from the beginning, one delivery per group) without a broker. Only
 * for services that share one process, as `npm start` runs them.
 */
export function createMemoryBus(options: MemoryBusOptions = {}): Bus & {
  /** The messages of a topic, for tests and the DLQ view. */
  messages(topic: string): readonly RawMessage[];
  /** Forgets a topic's messages before `offset`, as Kafka's retention would (for tests of expired cursors). */
  truncate(topic: string, offset: number): void;
} {
  const log = options.log ?? { warn: () => {} };
  const topics = new Map<string, StoredMessage[]>();
  const positions = new Map<string, Map<string, number>>();
  const waiters = new Set<() => void>();
  const consumers = new Set<{ stop(): Promise<void> }>();
  /** Per topic, the first offset still stored (see `truncate`). */
  const lowWatermarks = new Map<string, number>();

  const topicLog = (topic: string) => {
    let messages = topics.get(topic);
    if (!messages) topics.set(topic, (messages = []));
    return messages;
  };
  const append = (topic: string, key: string | null, value: string) => {
    topicLog(topic).push({ key, value, timestamp: Date.now() });
    for (const wake of [...waiters]) wake();
  };

  const bus = {
    kind: 'memory' as const,
    async publish(topic: string, events: Envelope | readonly Envelope[]) {
      const list = Array.isArray(events) ? events : [events as Envelope];
      for (const event of list) {
        const checked = validateEnvelope(event);
        if (!checked.ok) throw new Error(`refusing to publish ${event.type}: ${checked.reason}`);
      }
      for (const event of list) append(topic, event.orgid, JSON.stringify(event));
    },
    async publishRaw(topic: string, key: string | null, value: string) {
      append(topic, key, value);
    },
    consume(consumeOptions: ConsumeOptions): Promise<BusConsumer> {
      return consumeWith(
        consumeOptions,
        (message, meta, isStopping) =>
          processMessage(consumeOptions, message, meta, async (dlq, key, letter) => append(dlq, key, JSON.stringify(letter)), log, isStopping),
        consumeOptions.batchHandler ? (run) => processBatch(consumeOptions, run, log) : undefined,
      );
    },
    consumeDeadLetters(options: DeadLetterConsumeOptions): Promise<BusConsumer> {
      const topics = [dlqTopicOf(options.topic)];
      return consumeWith({ ...options, topics }, (message, meta) => options.handler(decodeDeadLetter(message, meta), meta));
    },
    async offsets(topic: string): Promise<PartitionOffsets[]> {
      return [{ partition: 0, low: String(lowWatermarks.get(topic) ?? 0), high: String(topicLog(topic).length) }];
    },
    async offsetAt(topic: string, _key: string, timestampMs: number) {
      const messages = topicLog(topic);
      const low = lowWatermarks.get(topic) ?? 0;
      let offset = low;
      while (offset < messages.length && messages[offset]!.timestamp < timestampMs) offset++;
      return { partition: 0, offset: String(offset), low: String(low), high: String(messages.length) };
    },
    async replay(replayOptions: ReplayOptions) {
      const { topic, handler, signal } = replayOptions;
      const messages = topicLog(topic);
      const low = lowWatermarks.get(topic) ?? 0;
      const from = Number(replayOptions.fromOffset);
      if (replayOptions.partition !== 0) return;
      if (from < low) throw new OffsetOutOfRangeError(topic, 0, replayOptions.fromOffset, String(low));
      const until = Math.min(Number(replayOptions.untilOffset), messages.length);
      for (let offset = from; offset < until && !signal?.aborted; offset++) {
        const message = messages[offset]!;
        const decoded = decodeMessage(message.value);
        if (!decoded.ok || (message.key !== null && message.key !== decoded.envelope.orgid)) continue;
        await handler(decoded.envelope, { topic, partition: 0, offset: String(offset), timestamp: String(message.timestamp) });
      }
    },
    async close() {
      await Promise.all([...consumers].map((c) => c.stop()));
    },
    messages(topic: string) {
      return topicLog(topic);
    },
    truncate(topic: string, offset: number) {
      lowWatermarks.set(topic, Math.max(lowWatermarks.get(topic) ?? 0, offset));
    },
  };

  async function consumeWith(
    consumeOptions: { groupId: string; topics: readonly string[]; fromBeginning?: boolean; ephemeral?: boolean; maxBatch?: number },
    deliver: (message: RawMessage, meta: MessageMeta, isStopping: () => boolean) => Promise<void>,
    deliverBatch?: (run: { message: RawMessage; meta: MessageMeta }[]) => Promise<BatchOutcome>,
  ): Promise<BusConsumer> {
    let group = positions.get(consumeOptions.groupId);
    if (!group) positions.set(consumeOptions.groupId, (group = new Map()));
    const fromEnd = consumeOptions.ephemeral === true || consumeOptions.fromBeginning === false;
    for (const topic of consumeOptions.topics) {
      if (!group.has(topic)) group.set(topic, fromEnd ? topicLog(topic).length : Math.max(0, lowWatermarks.get(topic) ?? 0));
    }
    const positionsOfGroup = group;
    let stopping = false;
    let wake: (() => void) | undefined;
    const loop = (async () => {
      while (!stopping) {
        let progressed = false;
        for (const topic of consumeOptions.topics) {
          const messages = topicLog(topic);
          let position = Math.max(positionsOfGroup.get(topic) ?? 0, lowWatermarks.get(topic) ?? 0);
          const metaAt = (offset: number): MessageMeta => ({ topic, partition: 0, offset: String(offset), timestamp: String(messages[offset]!.timestamp) });
          // messages of a failed batch, handled one at a time before batching again
          let singlesUntil = position;
          while (!stopping && position < messages.length) {
            if (deliverBatch && position >= singlesUntil) {
              const run = messages
                .slice(position, position + (consumeOptions.maxBatch ?? DEFAULT_MAX_BATCH))
                .map((message, i) => ({ message, meta: metaAt(position + i) }));
              const outcome = await deliverBatch(run);
              if (outcome.handled > 0) {
                positionsOfGroup.set(topic, (position += outcome.handled));
                progressed = true;
                continue;
              }
              singlesUntil = position + outcome.failed;
            }
            await deliver(messages[position]!, metaAt(position), () => stopping);
            positionsOfGroup.set(topic, ++position);
            progressed = true;
          }
        }
        if (!progressed && !stopping) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            waiters.add(resolve);
          });
          if (wake) waiters.delete(wake);
        }
      }
    })();
    const consumer = {
      async stop() {
        stopping = true;
        wake?.();
        await loop.catch(() => {});
        consumers.delete(consumer);
        if (consumeOptions.ephemeral) positions.delete(consumeOptions.groupId);
      },
    };
    consumers.add(consumer);
    return consumer;
  }
  return bus;
}
