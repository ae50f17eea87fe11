import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { createKafkaBus, type Bus, type DeadLetter } from '@onegraph/bus';
import { startStack, type Stack, type StackOptions } from '@onegraph/stack';

/**
 * A Kafka Bus on the run's broker, in a namespace of its own: each test
 * file's stack sees only its own topics and groups, while running on the
 * same real broker.
 */
export function testKafkaBus(): Bus {
  return createKafkaBus({
    brokers: inject('kafkaBrokers').split(','),
    clientId: 'onegraph-test',
    namespace: `t${randomUUID().slice(0, 8)}.`,
    partitions: 3,
  });
}

/**
 * The file's stack, on the run's Kafka broker in a namespace of its own:
 * started before the file's tests (and handed to `use`), closed with its Bus
 * after them. Hooks registered later run after this start and before this
 * close.
 */
export function useKafkaStack(use: (stack: Stack) => void, options: Omit<StackOptions, 'bus'> = {}): void {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack({ ...options, bus: testKafkaBus() });
    use(stack);
  });
  afterAll(async () => {
    await stack?.close();
    await stack?.bus.close();
  });
}

export function ticketEvent(org: string, data: Partial<Record<string, string>> & { crmCompanyId: string }, id = randomUUID()) {
  return {
    specversion: '1.0' as const,
    id,
    source: 'onestack/psa',
    type: 'psa.ticket.activity',
    time: new Date().toISOString(),
    datacontenttype: 'application/json' as const,
    orgid: org,
    data: {
      psaClientId: 'psa-client-100',
      ticketId: `T-${randomUUID().slice(0, 6)}`,
      ticketNumber: 'ACM-1042',
      summary: 'Printer offline at front desk',
      status: 'open',
      ...data,
    },
  };
}

/** A topic's dead letters as an operator's tool reads them: every letter so far, and a wait for the ones a test expects. */
export interface DeadLetterReader {
  readonly letters: readonly DeadLetter[];
  /** Resolves with the letters matching `predicate` once there are at least `count` of them. */
  matching(predicate: (letter: DeadLetter) => boolean, count?: number): Promise<DeadLetter[]>;
  stop(): Promise<void>;
}

export async function readDeadLetters(bus: Bus, topic: string, groupId: string): Promise<DeadLetterReader> {
  const letters: DeadLetter[] = [];
  const waiters: (() => void)[] = [];
  const consumer = await bus.consumeDeadLetters({
    groupId,
    topic,
    handler: async (letter) => {
      letters.push(letter);
      waiters.splice(0).forEach((wake) => wake());
    },
  });
  return {
    letters,
    async matching(predicate, count = 1) {
      while (letters.filter(predicate).length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return letters.filter(predicate);
    },
    stop: () => consumer.stop(),
  };
}
