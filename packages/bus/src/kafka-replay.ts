import type { Consumer, Kafka } from 'kafkajs';
import type { EventHandler, MessageMeta } from './bus.ts';
import type { ProcessLog } from './process.ts';
import { decodeMessage } from './validate.ts';

interface ReplayRequest {
  partition: number;
  from: bigint;
  until: bigint;
  handler: EventHandler;
  /** Resolves or rejects the caller's promise (once). */
  done: (error?: unknown) => void;
}

/** One read of a partition, shared by every request it can serve. */
interface Pass {
  /** The next offset to read. */
  position: bigint;
  requests: Set<ReplayRequest>;
}

export interface ReplayReaderOptions {
  kafka: Kafka;
  /** The topic as the broker names it (with the bus namespace). */
  topic: string;
  /** The topic as callers name it, for `MessageMeta`. */
  logicalTopic: string;
  groupId: string;
  log: ProcessLog;
  /** Removes the reader's group from the broker once it stopped. */
  deleteGroup(groupId: string): Promise<void>;
}

export interface ReplayReader {
  /** Delivers the valid events of `[from, until)` of a partition, in order. */
  replay(partition: number, from: bigint, until: bigint, handler: EventHandler, signal?: AbortSignal): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Re-reads ranges of a topic's partitions for replays. kafkajs has no
 * `assign()`, so a consumer is always a group member: rather than a group per
 * replay (a join, and on a default broker a 3 s initial rebalance delay, per
 * resuming client), one consumer per process and topic, in a group of its
 * own, holds every partition paused and seeks one when a replay needs it.
 * Requests for the same partition share a pass: a request joins the running
 * pass when that has not yet gone past its first offset, otherwise it waits
 * for the next pass, which serves every waiting request from the smallest
 * offset on. A reconnect storm thus reads each partition about twice, not
 * once per client.
 */
export function createReplayReader(options: ReplayReaderOptions): ReplayReader {
  const { kafka, topic, logicalTopic, groupId, log } = options;
  const passes = new Map<number, Pass>();
  const waiting = new Map<number, Set<ReplayRequest>>();
  let consumer: Consumer | undefined;
  let starting: Promise<void> | undefined;
  let joined = false;
  let stopped = false;

  const pending = () => [...passes.values()].flatMap((p) => [...p.requests]).concat([...waiting.values()].flatMap((w) => [...w]));

  function startPass(partition: number) {
    const requests = waiting.get(partition);
    if (!consumer || !joined || passes.has(partition) || !requests?.size) return;
    waiting.delete(partition);
    let position = [...requests][0]!.from;
    for (const r of requests) if (r.from < position) position = r.from;
    passes.set(partition, { position, requests });
    consumer.seek({ topic, partition, offset: position.toString() });
    consumer.resume([{ topic, partitions: [partition] }]);
  }

  /** Takes a request out of its pass or queue and settles it. */
  function finish(request: ReplayRequest, error?: unknown) {
    passes.get(request.partition)?.requests.delete(request);
    waiting.get(request.partition)?.delete(request);
    request.done(error);
  }

  /** Ends a pass nobody needs any more: the next one starts, or the partition is paused. */
  function endIfEmpty(partition: number) {
    const pass = passes.get(partition);
    if (!pass || pass.requests.size > 0) return;
    passes.delete(partition);
    if (waiting.get(partition)?.size) startPass(partition);
    else consumer?.pause([{ topic, partitions: [partition] }]);
  }

  /** Settles the requests the pass has read to the end of. */
  function advance(partition: number, pass: Pass) {
    for (const r of [...pass.requests]) {
      if (pass.position >= r.until) finish(r);
    }
    endIfEmpty(partition);
  }

  /** After every (re)join: nothing is read but the partitions of running passes, from where they are. */
  function onJoin() {
    if (!consumer) return;
    joined = true;
    consumer.pause([{ topic }]);
    for (const [partition, pass] of passes) {
      consumer.seek({ topic, partition, offset: pass.position.toString() });
      consumer.resume([{ topic, partitions: [partition] }]);
    }
    for (const partition of waiting.keys()) startPass(partition);
  }

  async function open(): Promise<void> {
    const c = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, rebalanceTimeout: 10_000, maxWaitTimeInMs: 100 });
    consumer = c;
    joined = false;
    let crashed: ((error: Error) => void) | undefined;
    const join = new Promise<void>((resolve, reject) => {
      crashed = reject;
      // synchronous, so that the pauses and seeks are in place before the first fetch
      c.on(c.events.GROUP_JOIN, () => {
        if (consumer !== c) return;
        onJoin();
        resolve();
      });
    });
    join.catch(() => {});
    c.on(c.events.CRASH, ({ payload }) => {
      if (payload.restart || consumer !== c) return;
      // kafkajs gave up on this consumer: start another one if replays wait for it
      consumer = undefined;
      joined = false;
      crashed?.(payload.error);
      log.warn('bus: replay reader crashed', { topic: logicalTopic, error: payload.error.message });
      if (!stopped && pending().length > 0) void ensureStarted();
    });
    try {
      await c.connect();
      await c.subscribe({ topics: [topic], fromBeginning: false });
      await c.run({
        // positions are the passes' own; nothing to commit
        autoCommit: false,
        eachBatch: async ({ batch, isStale, isRunning, heartbeat }) => {
          const partition = batch.partition;
          const pass = passes.get(partition);
          if (!pass) return;
          for (const message of batch.messages) {
            if (!isRunning() || isStale() || passes.get(partition) !== pass) return;
            const offset = BigInt(message.offset);
            if (offset < pass.position) continue;
            pass.position = offset + 1n;
            const key = message.key?.toString('utf8') ?? null;
            let decoded: ReturnType<typeof decodeMessage> | undefined;
            for (const r of pass.requests) {
              if (offset < r.from || offset >= r.until) continue;
              decoded ??= decodeMessage(message.value);
              // invalid messages are the live consumers' to dead-letter
              if (!decoded.ok || (key !== null && key !== decoded.envelope.orgid)) break;
              const meta: MessageMeta = { topic: logicalTopic, partition, offset: message.offset, timestamp: message.timestamp };
              try {
                await r.handler(decoded.envelope, meta);
              } catch (error) {
                finish(r, error);
              }
            }
            advance(partition, pass);
          }
          if (!isStale() && passes.get(partition) === pass) {
            // offsets without a message (transaction markers) count as read
            const last = BigInt(batch.lastOffset()) + 1n;
            if (last > pass.position) pass.position = last;
            advance(partition, pass);
          }
          await heartbeat();
        },
      });
      await join;
    } catch (error) {
      if (consumer === c) consumer = undefined;
      await c.disconnect().catch(() => {});
      throw error;
    }
  }

  async function ensureStarted(): Promise<void> {
    if (consumer || stopped) return;
    starting ??= (async () => {
      for (let attempt = 0; !stopped; attempt++) {
        try {
          await open();
          return;
        } catch (error) {
          if (attempt >= 5) {
            for (const r of pending()) finish(r, error);
            throw error;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
        }
      }
    })().finally(() => {
      starting = undefined;
    });
    return starting;
  }

  return {
    replay(partition, from, until, handler, signal) {
      if (until <= from || signal?.aborted) return Promise.resolve();
      if (stopped) return Promise.reject(new Error('the bus is closed'));
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          finish(request);
          endIfEmpty(partition);
        };
        const request: ReplayRequest = {
          partition,
          from,
          until,
          handler,
          done(error) {
            signal?.removeEventListener('abort', onAbort);
            if (error === undefined) resolve();
            else reject(error instanceof Error ? error : new Error(String(error)));
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const pass = passes.get(partition);
        if (pass && from >= pass.position) {
          pass.requests.add(request);
        } else {
          let set = waiting.get(partition);
          if (!set) waiting.set(partition, (set = new Set()));
          set.add(request);
          startPass(partition);
        }
        ensureStarted().catch(() => {});
      });
    },
    async stop() {
      stopped = true;
      await starting?.catch(() => {});
      for (const r of pending()) finish(r, new Error('the bus is closed'));
      const c = consumer;
      consumer = undefined;
      if (c) {
        await c.disconnect().catch(() => {});
        await options.deleteGroup(groupId);
      }
    },
  };
}
