/**
 * The production topology on one machine, assembled once for `npm run cluster` and the cluster
 * fault tests: a throwaway PostgreSQL server with a database per subgraph, a three-broker Kafka
 * cluster (SASL/SCRAM, ACLs), the other products' simulators each publishing as itself, a Hub
 * key pair, and the deployables as child processes behind balancers (`startTopology`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDevKeys, type DevKeys } from '@onegraph/auth';
import { createKafkaBus, type Bus } from '@onegraph/bus';
import {
  createTestDatabase,
  scramLogin,
  startKafkaCluster,
  startPostgresServer,
  startTopology,
  type KafkaCluster,
  type PostgresServer,
  type Topology,
} from '@onegraph/testing';
import { demoProductKeys, startSimulators, type PublishingSimulator, type Simulators } from './simulators.ts';

export interface ClusterStackOptions {
  /** The products simulated; each publishes on the cluster logged in as itself. */
  simulate: { psa?: boolean; books?: boolean; portal?: boolean };
  /** More environment for every service process (pool and timeout settings, …). */
  env?: Record<string, string>;
  /** Fixed ports of the balancers and simulators; default free ones. */
  ports?: { gateway?: number; crm?: number; integrations?: number; psa?: number; books?: number; portal?: number };
  /** Prefix of the two databases' names. Default `onegraph`. */
  databasePrefix?: string;
  /** Keep the temp dir (logs, dev keys) after `close()`. Default false. */
  keepDir?: boolean;
}

export interface ClusterStack extends AsyncDisposable {
  readonly kafka: KafkaCluster;
  readonly postgres: PostgresServer;
  /** Each subgraph's database URL. */
  readonly databaseUrls: { crm: string; integrations: string };
  readonly topology: Topology;
  readonly simulators: Simulators;
  /** The Bus each simulated product publishes with (logged in as that product). */
  readonly productBuses: Partial<Record<PublishingSimulator, Bus>>;
  /** The key pair standing in for Hub: tokens the gateways accept. */
  readonly keys: DevKeys;
  /** Holds `logs/<process>.log` and `dev-keys.json`. */
  readonly dir: string;
  /** Stops everything started, last first, and deletes the temp dir. */
  close(): Promise<void>;
}

/** Starts the whole topology; if any part fails, what did start is stopped again. */
export async function startClusterStack(options: ClusterStackOptions): Promise<ClusterStack> {
  const dir = mkdtempSync(join(tmpdir(), 'onegraph-cluster-'));
  const cleanup: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const step of cleanup.splice(0)) await step().catch((error: unknown) => console.error('cluster: cleanup:', error));
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [postgres, kafka] = await Promise.all([startPostgresServer(), startKafkaCluster()]);
    cleanup.unshift(
      () => kafka.dispose(),
      () => postgres.dispose(),
    );
    const prefix = options.databasePrefix ?? 'onegraph';
    const crmDb = await createTestDatabase(postgres.url, `${prefix}_crm`);
    const integrationsDb = await createTestDatabase(postgres.url, `${prefix}_integrations`);

    // each simulated product publishes as itself: the cluster's ACLs let it write its own topic only
    const products = (['psa', 'books', 'portal'] as const).filter((p) => options.simulate[p]);
    const productBuses: Partial<Record<PublishingSimulator, Bus>> = Object.fromEntries(
      products.map((p) => [p, createKafkaBus({ brokers: kafka.brokerList, clientId: `${p}-simulator`, sasl: scramLogin(kafka.credentials, p) })]),
    );
    cleanup.unshift(() => Promise.all(Object.values(productBuses).map((b) => b.close())).then(() => {}));
    const [first] = Object.values(productBuses);
    if (!first) throw new Error('startClusterStack: simulate at least one of psa, books, portal');
    const simulators = await startSimulators(
      { ...options.simulate, integrationKeys: { ...demoProductKeys } },
      { bus: first, productBuses, ...(options.ports ? { ports: options.ports } : {}) },
    );
    cleanup.unshift(() => simulators.close());

    const devKeysFile = join(dir, 'dev-keys.json');
    const keys = await loadDevKeys(devKeysFile);
    const env: Record<string, string> = {
      CRM_INTEGRATION_KEY: Object.entries(demoProductKeys)
        .map(([org, key]) => `${org}=${key}`)
        .join(','),
      ...(simulators.urls.psa ? { PSA_API_URL: simulators.urls.psa } : {}),
      ...(simulators.urls.books ? { BOOKS_API_URL: simulators.urls.books } : {}),
      ...(simulators.urls.portal ? { PORTAL_API_URL: simulators.urls.portal } : {}),
      ...options.env,
    };
    const topology = await startTopology({
      kafkaBrokers: kafka.brokers,
      kafkaCredentials: kafka.credentials,
      databaseUrls: { crm: crmDb.url, integrations: integrationsDb.url },
      internalTokenSecret: randomBytes(32).toString('base64url'),
      devKeysFile,
      logDir: join(dir, 'logs'),
      env,
      ...(options.ports ? { ports: options.ports } : {}),
    });
    cleanup.unshift(() => topology.close());
    return {
      kafka,
      postgres,
      databaseUrls: { crm: crmDb.url, integrations: integrationsDb.url },
      topology,
      simulators,
      productBuses,
      keys,
      dir,
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
