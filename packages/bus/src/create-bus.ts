import type { Bus } from './bus.ts';
import { createKafkaBus } from './kafka-bus.ts';
import { createMemoryBus } from './memory-bus.ts';
import type { ProcessLog } from './process.ts';

export interface CreateBusOptions {
  /** Kafka bootstrap servers (`KAFKA_BROKERS`); without them the in-process bus is used. */
  brokers?: readonly string[] | undefined;
  clientId?: string;
  /** Kafka only: see `KafkaBusOptions.namespace`. */
  namespace?: string;
  log?: ProcessLog;
}

/** Kafka when brokers are configured, the in-process bus otherwise (the embedded default). */
export function createBus(options: CreateBusOptions): Bus {
  const log = options.log ?? { warn: () => {} };
  if (options.brokers && options.brokers.length > 0) {
    return createKafkaBus({
      brokers: options.brokers,
      clientId: options.clientId ?? 'onegraph',
      log,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    });
  }
  return createMemoryBus({ log });
}
