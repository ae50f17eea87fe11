import type { Bus, DeadLetter } from '@onegraph/bus';
import { arrivals, type Arrivals } from './arrivals.ts';

/** A dead letter as an operator's tool reads it, with the topic it was read from. */
export type ReadDeadLetter = DeadLetter & { readFrom: string };

/** A topic's dead letters as an operator's tool reads them: every letter so far, and waits for the ones a test expects. */
export interface DeadLetterReader extends Pick<Arrivals<ReadDeadLetter>, 'until' | 'find' | 'matching'> {
  readonly letters: readonly ReadDeadLetter[];
  stop(): Promise<void>;
}

/**
 * Reads `topic`'s dead letters with a consumer group of its own (`groupId`).
 * Its waits give up after `timeoutMs` (default 60 s: dead letters come after
 * a consumer's retries).
 */
export async function readDeadLetters(bus: Bus, topic: string, groupId: string, timeoutMs = 60_000): Promise<DeadLetterReader> {
  const letters = arrivals<ReadDeadLetter>(`dead letters of ${topic}`, timeoutMs);
  const consumer = await bus.consumeDeadLetters({ groupId, topic, handler: async (letter, meta) => letters.push({ ...letter, readFrom: meta.topic }) });
  return {
    letters: letters.items,
    until: letters.until,
    find: letters.find,
    matching: letters.matching,
    stop: () => consumer.stop(),
  };
}
