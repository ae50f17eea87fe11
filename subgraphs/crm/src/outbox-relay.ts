import { setTimeout as delay } from 'node:timers/promises';
import type { Bus, Envelope } from '@onegraph/bus';
import type { Db } from '@onegraph/db';
import { markPublished, unpublished } from './store/outbox.ts';
import type { Logger } from '@onegraph/log';

export interface OutboxRelayOptions {
  db: Db;
  bus: Bus;
  log: Logger;
  /** How often the outbox is polled when nobody calls `wake`. Default 500 ms. */
  pollMs?: number;
  /** Rows published per round. Default 200. */
  batchSize?: number;
}

export interface OutboxRelay {
  /** Publish now: called after a transaction that wrote to the outbox commits. */
  wake(): void;
  /** Resolves when every row committed so far has been published. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Publishes the outbox to the Bus in commit order (so in order per org), at
 * least once: rows are marked published only after the Bus has them, so a
 * crash or a Bus outage means a later retry, never a loss. One relay runs per
 * database (issue 3 adds leader election for several crm instances).
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, bus, log } = options;
  const pollMs = options.pollMs ?? 500;
  const batchSize = options.batchSize ?? 200;
  let stopped = false;
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

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
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
          const events: Envelope[] = [];
          while (i < rows.length && rows[i]!.topic === topic) events.push(rows[i++]!.event);
          await bus.publish(topic, events);
        }
        await markPublished(db, rows.map((r) => r.seq));
        failures = 0;
      } catch (error) {
        if (stopped) break;
        failures++;
        const wait = Math.min(10_000, 200 * 2 ** Math.min(failures, 6));
        log.warn('outbox relay: publish failed, retrying', { error: (error as Error).message, retryInMs: wait });
        await delay(wait);
      }
    }
  })();

  return {
    wake: () => wakeUp?.(),
    drain() {
      return new Promise<void>((resolve) => {
        idleWaiters.push({ after: round, resolve });
        wakeUp?.();
      });
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await loop;
      idleWaiters.splice(0).forEach((w) => w.resolve());
    },
  };
}
