import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createKafkaBus, type Bus, type KafkaBusOptions } from '@onegraph/bus';

export interface TestKafkaBusOptions extends Pick<KafkaBusOptions, 'retry' | 'log' | 'partitions'> {
  /** Topic and group prefix. Default a fresh one (`t` and 8 hex digits, then a dot): the bus sees only its own topics and groups. */
  namespace?: string;
  /** Bootstrap servers, comma-separated. Default the run's broker (`inject('kafkaBrokers')`, from test/global-setup.ts). */
  brokers?: string;
  /** Default `onegraph-test`. */
  clientId?: string;
}

/**
 * A Kafka Bus for a test, on the run's broker (or `brokers`) in a namespace of
 * its own: each test file's stack sees only its own topics and groups while
 * sharing one real broker. Give another bus the same `namespace` to play
 * another process on the same topics.
 */
export function testKafkaBus(options: TestKafkaBusOptions = {}): Bus & { readonly namespace: string } {
  const namespace = options.namespace ?? `t${randomUUID().slice(0, 8)}.`;
  const bus = createKafkaBus({
    brokers: (options.brokers ?? inject('kafkaBrokers')).split(','),
    clientId: options.clientId ?? 'onegraph-test',
    namespace,
    partitions: options.partitions ?? 3,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return Object.assign(bus, { namespace });
}
