/**
 * Vitest globalSetup: one real Kafka broker for the whole run, and a PostgreSQL server for the
 * project that runs the end-to-end suite on PostgreSQL.
 *
 * - `KAFKA_BROKERS` set (comma-separated): use that cluster; nothing is started or stopped.
 * - otherwise: start a single-node broker (scripts/kafka-test-broker.sh, via @onegraph/testing)
 *   in its own run dir under .cache/kafka-runs/, and stop + delete it at teardown.
 * - Vitest runs a global setup once per project: the broker is started by the first project's and
 *   shared with the others (one broker per run), stopped after the last project's teardown.
 * - The `e2e-postgres` project also gets a throwaway PostgreSQL server (@onegraph/testing's
 *   `startPostgresServer`, Debian's `postgresql` binaries), stopped at its teardown; every other
 *   project runs on PGlite (`postgresUrl` is '').
 *
 * The broker authenticates every client (SASL/SCRAM-SHA-512) and authorizes it by ACLs; tests read
 * its principals' passwords as `inject('kafkaCredentials')` (for an external cluster: the file
 * KAFKA_CREDENTIALS_FILE, or KAFKA_RUN_DIR's `credentials`; null when neither exists).
 * Tests read `inject('kafkaBrokers')` (bootstrap list, comma-separated), `inject('kafkaRunDir')`
 * ('' for an external cluster) and `inject('postgresUrl')`. If Kafka or PostgreSQL cannot be
 * started or reached, setup throws: tests fail, they are never skipped.
 */
import type { TestProject } from 'vitest/node';
// the broker and server alone (not the package's index, whose test helpers need a test worker); they also declare what this setup provides
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readKafkaCredentials, scramLogin, type KafkaCredentials } from '@onegraph/testing/kafka-acls';
import { startKafkaBroker, waitForKafka, type KafkaBroker } from '@onegraph/testing/kafka-broker';
import { startPostgresServer } from '@onegraph/testing/postgres-server';

/** The project whose end-to-end files run on PostgreSQL (vitest.config.ts). */
export const POSTGRES_PROJECT = 'e2e-postgres';

interface SharedKafka {
  brokers: string;
  runDir: string;
  credentials: KafkaCredentials | null;
  users: number;
  dispose: () => Promise<void>;
}

// shared by the projects' setups, which run in this one process (each project loads this file anew)
const shared = globalThis as { __onegraphKafka?: Promise<SharedKafka> };

async function startKafka(): Promise<SharedKafka> {
  const external = process.env.KAFKA_BROKERS?.trim();
  if (external) {
    // its principals' passwords: KAFKA_CREDENTIALS_FILE, or the run dir's (a broker of kafka-test-broker.sh); none: no authentication
    const file = process.env.KAFKA_CREDENTIALS_FILE || (process.env.KAFKA_RUN_DIR ? join(process.env.KAFKA_RUN_DIR, 'credentials') : '');
    const credentials = file && existsSync(file) ? readKafkaCredentials(file) : null;
    try {
      await waitForKafka(external.split(','), 60_000, 1, credentials ? scramLogin(credentials, 'admin') : undefined);
    } catch (err) {
      throw new Error(`KAFKA_BROKERS=${external} is set but Kafka is not reachable: ${(err as Error).message}`, {
        cause: err,
      });
    }
    return { brokers: external, runDir: process.env.KAFKA_RUN_DIR ?? '', credentials, users: 0, dispose: async () => {} };
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
  return { brokers: broker.brokers, runDir: broker.runDir, credentials: broker.credentials, users: 0, dispose: () => broker.dispose() };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.__onegraphKafka ??= startKafka();
  const kafka = await shared.__onegraphKafka;
  kafka.users++;
  project.provide('kafkaBrokers', kafka.brokers);
  project.provide('kafkaRunDir', kafka.runDir);
  project.provide('kafkaCredentials', kafka.credentials);

  let stopPostgres = async () => {};
  if (project.name === POSTGRES_PROJECT) {
    const t0 = Date.now();
    try {
      const server = await startPostgresServer();
      stopPostgres = () => server.dispose();
      console.log(`[global-setup] PostgreSQL ready at ${server.url} in ${Date.now() - t0} ms (${server.dataDir})`);
      project.provide('postgresUrl', server.url);
    } catch (err) {
      throw new Error(`Could not start the PostgreSQL test server for the ${POSTGRES_PROJECT} project.\n${(err as Error).message}`, { cause: err });
    }
  } else {
    project.provide('postgresUrl', '');
  }

  return async () => {
    await stopPostgres();
    if (--kafka.users === 0) {
      delete shared.__onegraphKafka;
      await kafka.dispose();
    }
  };
}
