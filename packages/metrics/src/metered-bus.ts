import type { Attributes } from '@opentelemetry/api';
import type { BatchHandler, Bus, ConsumeOptions, Envelope } from '@onegraph/bus';
import { instrumentsOf } from './instruments.ts';
import { secondsSince, type Metrics } from './metrics.ts';
import type { ReadinessCheck } from './readiness.ts';

/** The group label of a consumer of one process alone (the gateway's subscription fan-out): its group id is unique per process, so it is not a label. */
export const EPHEMERAL_GROUP = 'ephemeral';

/** Whether the consumers of a Bus are joined to their groups: what readiness asks. */
export interface ConsumerStates {
  /** Groups started and not stopped (by their label: `ephemeral` for a consumer of one process alone). */
  readonly started: ReadonlySet<string>;
}

export interface MeteredBus extends Bus {
  readonly consumerStates: ConsumerStates;
  /**
   * Readiness checks of the Bus as this service uses it: `kafka` (the
   * brokers answer: a topic's offsets are read) and `consumers` (each
   * consumer named is started: its group joined). Empty for the
   * in-process Bus without consumers.
   */
  readinessChecks(consumers: readonly string[]): ReadinessCheck[];
}

/**
 * The Bus as one service sees it, measured (OpenTelemetry messaging
 * semantic conventions): events sent per topic, and per topic and consumer
 * group the events handled, each attempt's duration, the dead-lettered ones
 * and the lag per partition. Every service wraps the Bus it was given, so a
 * Bus shared by the services of one process is counted by each for itself.
 */
export function meteredBus(bus: Bus, metrics: Metrics): MeteredBus {
  const make = instrumentsOf(metrics);
  const system = bus.kind === 'kafka' ? 'kafka' : 'onegraph_memory';
  const sent = make.counter('messaging.client.sent.messages', 'Events published, per topic', '{message}');
  const consumed = make.counter(
    'messaging.client.consumed.messages',
    'Events a consumer handled (each once, when its handler succeeded), per topic and consumer group',
    '{message}',
  );
  const duration = make.duration(
    'messaging.process.duration',
    'Duration of each attempt of a consumer handler (one event, or a batch of them), per topic and consumer group (error.type when it failed)',
  );
  const deadLettered = make.counter(
    'onegraph.messaging.dead_lettered',
    'Events a consumer gave up on (sent to <topic>.dlq), per topic and consumer group',
    '{message}',
  );
  const lag = make.gauge(
    'onegraph.messaging.consumer.lag',
    'Messages of a partition not yet handled by the consumer group, as of its last fetched batch',
    '{message}',
  );
  const started = new Set<string>();
  const topics = new Set<string>();

  return {
    kind: bus.kind,
    consumerStates: { started },
    readinessChecks(consumers) {
      const checks: ReadinessCheck[] = [];
      if (bus.kind === 'kafka') {
        checks.push({
          name: 'kafka',
          async check() {
            const topic = [...topics][0];
            if (!topic) return undefined;
            try {
              await bus.offsets(topic);
              return undefined;
            } catch (error) {
              return `brokers unreachable: ${error instanceof Error ? error.message : String(error)}`;
            }
          },
        });
      }
      if (consumers.length > 0) {
        checks.push({
          name: 'consumers',
          check() {
            const missing = consumers.filter((name) => !started.has(name));
            return missing.length === 0 ? undefined : `not started (group not joined): ${missing.join(', ')}`;
          },
        });
      }
      return checks;
    },
    async publish(topic, events) {
      await bus.publish(topic, events);
      const count = Array.isArray(events) ? events.length : 1;
      sent.add(count, { 'messaging.system': system, 'messaging.destination.name': topic });
    },
    async publishRaw(topic, key, value) {
      await bus.publishRaw(topic, key, value);
      sent.add(1, { 'messaging.system': system, 'messaging.destination.name': topic });
    },
    async consume(options: ConsumeOptions) {
      const group = options.ephemeral ? EPHEMERAL_GROUP : options.groupId;
      const labels = (topic: string): Attributes => ({
        'messaging.system': system,
        'messaging.destination.name': topic,
        'messaging.consumer.group.name': group,
      });
      // a batch is one attempt of the handler, for all its events: they are counted consumed together
      const meteredBatch =
        (batchHandler: BatchHandler): BatchHandler =>
        async (items) => {
          const topic = items[0]!.meta.topic;
          const start = performance.now();
          let handled: number | void;
          try {
            handled = await batchHandler(items);
          } catch (error) {
            duration.record(secondsSince(start), { ...labels(topic), 'error.type': error instanceof Error ? error.name : 'unknown' });
            throw error;
          }
          const count = handled ?? items.length;
          if (count > 0) {
            duration.record(secondsSince(start), labels(topic));
            consumed.add(count, labels(topic));
          }
          return handled;
        };
      const consumer = await bus.consume({
        ...options,
        handler: async (event: Envelope, meta) => {
          const start = performance.now();
          try {
            await options.handler(event, meta);
          } catch (error) {
            duration.record(secondsSince(start), { ...labels(meta.topic), 'error.type': error instanceof Error ? error.name : 'unknown' });
            throw error;
          }
          duration.record(secondsSince(start), labels(meta.topic));
          consumed.add(1, labels(meta.topic));
        },
        ...(options.batchHandler ? { batchHandler: meteredBatch(options.batchHandler) } : {}),
        onDeadLetter: async (letter, event) => {
          await options.onDeadLetter?.(letter, event);
          deadLettered.add(1, labels(letter.topic));
        },
        onLag: (partitionLag) => {
          options.onLag?.(partitionLag);
          lag.record(partitionLag.lag, { ...labels(partitionLag.topic), 'messaging.destination.partition.id': String(partitionLag.partition) });
        },
      });
      started.add(group);
      for (const topic of options.topics) topics.add(topic);
      return {
        async stop() {
          started.delete(group);
          await consumer.stop();
        },
      };
    },
    consumeDeadLetters: (options) => bus.consumeDeadLetters(options),
    offsets: (topic) => bus.offsets(topic),
    offsetAt: (topic, key, timestampMs) => bus.offsetAt(topic, key, timestampMs),
    replay: (options) => bus.replay(options),
    close: () => bus.close(),
  };
}
