/**
 * Vitest globalSetup: one real Kafka broker for the whole run.
 *
 * - `KAFKA_BROKERS` set (comma-separated): use that cluster; nothing is started or stopped.
 * - otherwise: start a single-node broker (scripts/kafka-test-broker.sh, via @onegraph/testing)
 *   in its own run dir under .cache/kafka-runs/, and stop + delete it at teardown.
 *
 * Tests read `inject('kafkaBrokers')` (bootstrap list, comma-separated) and `inject('kafkaRunDir')`
 * ('' for an external cluster). If Kafka cannot be started or reached, setup throws: tests fail,
 * they are never skipped.
 */
import type { TestProject } from 'vitest/node';
// the broker alone (not the package's index, whose test helpers need a test worker); it also declares what this setup provides
import { startKafkaBroker, waitForKafka, type KafkaBroker } from '@onegraph/testing/kafka-broker';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.KAFKA_BROKERS?.trim();
  if (external) {
    try {
      await waitForKafka(external.split(','), 60_000);
    } catch (err) {
      throw new Error(`KAFKA_BROKERS=${external} is set but Kafka is not reachable: ${(err as Error).message}`, {
        cause: err,
      });
    }
    project.provide('kafkaBrokers', external);
    project.provide('kafkaRunDir', process.env.KAFKA_RUN_DIR ?? '');
    return undefined;
  }

  let broker: KafkaBroker;
  const t0 = Date.now();
  try {
    broker = await startKafkaBroker();
  } catch (err) {
    throw new Error(
      `Could not start the Kafka test broker (scripts/kafka-test-broker.sh; needs Java 17+ and, on first use, ` +
        `Maven reaching Maven Central). Set KAFKA_BROKERS to use a running cluster instead.\n${(err as Error).message}`,
      { cause: err },
    );
  }
  console.log(`[global-setup] Kafka ready at ${broker.brokers} in ${Date.now() - t0} ms (${broker.runDir})`);
  project.provide('kafkaBrokers', broker.brokers);
  project.provide('kafkaRunDir', broker.runDir);
  return async () => {
    await broker.dispose();
  };
}
