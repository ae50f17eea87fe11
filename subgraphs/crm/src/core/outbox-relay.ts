import { setTimeout as delay } from 'node:timers/promises';
import type { Bus, Envelope } from '@onegraph/bus';
import type { Db, DbLock } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import { carrierOf, contextOf, failSpan, SpanKind, startSpan, tracingActive } from '@onegraph/tracing';
import { markPublished, unpublished, type OutboxRow } from './outbox.ts';

export interface OutboxRelayOptions {
  db: Db;
  bus: Bus;
  log: Logger;
  /** How often the outbox is polled when nobody calls `wake`. Default 500 ms. */
  pollMs?: number;
  /** Rows published per round. Default 200. */
  batchSize?: number;
  /** How often a relay that is not the leader tries to become it. Default 2 000 ms. */
  leaderPollMs?: number;
}

export interface OutboxRelay {
  /** Publish now: called after a transaction that wrote to the outbox commits. */
  wake(): void;
  /** Resolves when every row committed so far has been published (by this relay: call it on the leader). */
  drain(): Promise<void>;
  /** Whether this relay holds the leader lock (only the leader publishes). */
  readonly isLeader: boolean;
  stop(): Promise<void>;
}

/** The advisory lock whose holder is the one relay that publishes. */
export const RELAY_LOCK = 'onegraph.crm.outbox-relay';

/**
 * Publishes the outbox to the Bus in `seq` order, which is commit order
 * within an organisation (see `appendOutbox`), at least once: rows are
 * marked published only after the Bus has them, so a crash or a Bus outage
 * means a later retry (possibly a duplicate, never a loss or a reordering).
 *
 * Several crm instances may share a database: only the holder of a
 * PostgreSQL advisory lock publishes, the others wait to take over when its
 * session ends, so two relays never interleave their sends.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, bus, log } = options;
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 200;
  const leaderPollMs = options.leaderPollMs ?? 2_000;
  let stopped = false;
  // cuts a retry backoff short on stop (wake() does not: commits during a Bus outage must not hammer it)
  const stopping = new AbortController();
  let lock: DbLock | null = null;
  let wakeUp: (() => void) | undefined;
  // drain() waits for an empty round that started after it was called
  let round = 0;
  const idleWaiters: { after: number; resolve: () => void }[] = [];

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** Holds the leader lock, taking it when free; false when another relay leads. */
  async function lead(): Promise<boolean> {
    if (lock && (await lock.held())) return true;
    if (lock) {
      log.warn('outbox relay: lost the leader lock');
      // its connection is gone: hand it back to the pool (discarded) before taking a new one
      const lost = lock;
      lock = null;
      await lost.release().catch(() => {});
    }
    lock = await db.tryLock(RELAY_LOCK);
    if (lock) log.info('outbox relay: leading');
    return lock !== null;
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        if (!(await lead())) {
          await sleep(leaderPollMs);
          continue;
        }
        const thisRound = ++round;
        const rows = await unpublished(db, batchSize);
        if (rows.length === 0) {
          failures = 0;
          for (let i = idleWaiters.length - 1; i >= 0; i--) {
            if (idleWaiters[i]!.after < thisRound) idleWaiters.splice(i, 1)[0]!.resolve();
          }
          await sleep(pollMs);
          continue;
        }
        // consecutive rows of one topic go in one send, keeping the order
        let i = 0;
        while (i < rows.length) {
          const topic = rows[i]!.topic;
          const group: OutboxRow[] = [];
          while (i < rows.length && rows[i]!.topic === topic) group.push(rows[i++]!);
          await publishTraced(bus, topic, group);
        }
        await markPublished(
          db,
          rows.map((r) => r.seq),
        );
        failures = 0;
      } catch (error) {
        if (stopped) break;
        failures++;
        const wait = Math.min(5_000, 200 * 2 ** Math.min(failures, 5));
        log.warn('outbox relay: publish failed, retrying', { error: (error as Error).message, retryInMs: wait });
        await delay(wait, undefined, { signal: stopping.signal }).catch(() => {});
      }
    }
    const held = lock as DbLock | null;
    lock = null;
    await held?.release().catch(() => {});
  })();

  return {
    wake: () => wakeUp?.(),
    drain() {
      return new Promise<void>((resolve) => {
        idleWaiters.push({ after: round, resolve });
        wakeUp?.();
      });
    },
    get isLeader() {
      return lock !== null;
    },
    async stop() {
      stopped = true;
      stopping.abort();
      wakeUp?.();
      await loop;
      idleWaiters.splice(0).forEach((w) => w.resolve());
    },
  };
}

/**
 * Publishes outbox rows of one topic in one send. With tracing on, each event
 * is sent under a PRODUCER span continuing the trace that wrote its row, and
 * carries that span's context (`traceparent`, `tracestate`) for its consumers
 * to link to.
 */
async function publishTraced(bus: Bus, topic: string, rows: readonly OutboxRow[]): Promise<void> {
  if (!tracingActive())
    return bus.publish(
      topic,
      rows.map((row) => row.event),
    );
  const spans = rows.map((row) =>
    startSpan('@onegraph/crm-subgraph', `send ${topic}`, {
      kind: SpanKind.PRODUCER,
      parent: contextOf(row.trace.traceparent ? row.trace : row.event),
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': topic,
        'messaging.message.id': row.event.id,
        'cloudevents.event_type': row.event.type,
      },
    }),
  );
  const events = rows.map((row, index) => {
    const { traceparent: _traceparent, tracestate: _tracestate, ...event } = row.event;
    return { ...event, ...carrierOf(spans[index]) };
  });
  try {
    await bus.publish(topic, events);
  } catch (error) {
    for (const span of spans) failSpan(span, error);
    throw error;
  } finally {
    for (const span of spans) span?.end();
  }
}
