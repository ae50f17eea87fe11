import type { Bus } from './bus.ts';
import { createKafkaBus } from './kafka-bus.ts';
import type { KafkaSasl } from './kafka-config.ts';
import { createMemoryBus } from './memory-bus.ts';
import type { ProcessLog } from './process.ts';

export interface CreateBusOptions {
  /** Kafka bootstrap servers (`KAFKA_BROKERS`); without them the in-process bus is used. */
  brokers?: readonly string[] | undefined;
  /** Kafka only: the principal to log in as (`KAFKA_SASL_*`); see `KafkaBusOptions.sasl`. */
  sasl?: KafkaSasl | undefined;
  /** Kafka only: TLS (`KAFKA_SSL`). */
  ssl?: boolean;
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
      ...(options.sasl ? { sasl: options.sasl } : {}),
      ...(options.ssl ? { ssl: true } : {}),
      ...(options.namespace ? { namespace: options.namespace } : {}),
    });
  }
  return createMemoryBus({ log });
}
