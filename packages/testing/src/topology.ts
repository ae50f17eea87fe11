/**
 * The production topology on one machine: several instances of each deployable, every one a
 * child process, on one PostgreSQL server and one Kafka cluster. The subgraphs sit behind TCP
 * balancers (what a Kubernetes Service does), which the gateways use as their subgraph URLs; the
 * gateways have a balancer too, for clients that want one address. Used by the cluster fault
 * tests and `npm run cluster`.
 */
import { mkdirSync } from 'node:fs';
import { allTopics, dlqTopicOf } from '@onegraph/bus';
import { createClusterTopics } from './kafka.ts';
import { scramLogin, type KafkaCredentials } from './kafka-acls.ts';
import { serviceProcess, type ServiceKind, type ServiceProcess } from './service-process.ts';
import { startTcpBalancer, type TcpBalancer } from './tcp-balancer.ts';

export interface TopologyOptions {
  /** Bootstrap servers of the cluster (`KAFKA_BROKERS`). */
  kafkaBrokers: string;
  /** The cluster's principals: every service logs in as `onegraph` (`KAFKA_SASL_*`), the topics are created as `admin`. Default none (no authentication). */
  kafkaCredentials?: KafkaCredentials;
  /** Each subgraph's database (`DATABASE_URL`). */
  databaseUrls: { crm: string; integrations: string };
  /** Shared by all three deployables (32 bytes or more). */
  internalTokenSecret: string;
  /** The key pair standing in for Hub (the gateways' `DEV_KEYS_FILE`). */
  devKeysFile: string;
  /** Where each process writes `<name>.log`. */
  logDir: string;
  /** Instances of each deployable. Default 2. */
  instances?: number;
  /** More environment for every process (the other products' URLs, `CRM_INTEGRATION_KEY`, pool settings, …). */
  env?: Record<string, string>;
  /** More environment per deployable. */
  envOf?: Partial<Record<ServiceKind, Record<string, string>>>;
  /** Fixed ports of the balancers (`npm run cluster`); default free ones. */
  ports?: { gateway?: number; crm?: number; integrations?: number };
}

export interface Topology extends AsyncDisposable {
  readonly gateways: readonly ServiceProcess[];
  readonly crm: readonly ServiceProcess[];
  readonly integrations: readonly ServiceProcess[];
  /** Every process, subgraphs first. */
  readonly all: readonly ServiceProcess[];
  /** The balancers' URLs (`http://127.0.0.1:<port>`). */
  readonly balancers: { gateway: string; crm: string; integrations: string };
  /** SIGTERMs every running process (SIGKILL after a grace period) and closes the balancers. */
  close(): Promise<void>;
}

/** Starts the topology: the first crm and integrations instances (they migrate and seed), then the others, then the gateways. */
export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const count = options.instances ?? 2;
  mkdirSync(options.logDir, { recursive: true });
  const common: Record<string, string> = {
    KAFKA_BROKERS: options.kafkaBrokers,
    ...(options.kafkaCredentials
      ? { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'onegraph', KAFKA_SASL_PASSWORD: options.kafkaCredentials.onegraph }
      : {}),
    INTERNAL_TOKEN_SECRET: options.internalTokenSecret,
    LOG_LEVEL: 'info',
    // SIGTERM drains for a second: four readiness probes of the balancers, which then route away
    SHUTDOWN_DRAIN_MS: '1000',
    ...options.env,
  };
  const make = (kind: ServiceKind, i: number, env: Record<string, string>) =>
    serviceProcess({ kind, name: `${kind}-${i}`, logDir: options.logDir, env: { ...common, ...env, ...options.envOf?.[kind] } });
  const indexes = Array.from({ length: count }, (_, i) => i + 1);
  // only the first crm instance seeds the demo data: the seed is for an empty database
  const crm = await Promise.all(indexes.map((i) => make('crm', i, { DATABASE_URL: options.databaseUrls.crm, SEED_DEMO_DATA: i === 1 ? 'true' : 'false' })));
  const integrations = await Promise.all(indexes.map((i) => make('integrations', i, { DATABASE_URL: options.databaseUrls.integrations })));
  const balancers: TcpBalancer[] = [];
  const all: ServiceProcess[] = [...crm, ...integrations];
  const close = async () => {
    await Promise.all(all.map((p) => stopGracefully(p)));
    await Promise.all(balancers.map((b) => b.close()));
  };
  try {
    // the Bus's topics exist on every broker before any service subscribes (as an operator creates them)
    await createClusterTopics(
      options.kafkaBrokers.split(','),
      [...allTopics(), ...allTopics().map(dlqTopicOf)],
      options.kafkaCredentials && scramLogin(options.kafkaCredentials, 'admin'),
    );
    // the first instances apply the migrations (and create the topics) before any other instance starts
    await crm[0]!.start();
    await integrations[0]!.start();
    await Promise.all([...crm.slice(1), ...integrations.slice(1)].map((p) => p.start()));
    // each balancer sends new connections to ready instances only (`/ready`), as a Kubernetes Service does
    const crmBalancer = await startTcpBalancer(
      crm.map((p) => `127.0.0.1:${p.port}`),
      { port: options.ports?.crm, readyPath: '/ready' },
    );
    balancers.push(crmBalancer);
    const integrationsBalancer = await startTcpBalancer(
      integrations.map((p) => `127.0.0.1:${p.port}`),
      { port: options.ports?.integrations, readyPath: '/ready' },
    );
    balancers.push(integrationsBalancer);
    const gateways = await Promise.all(
      indexes.map((i) =>
        make('gateway', i, {
          AUTH_MODE: 'hub',
          DEV_KEYS_FILE: options.devKeysFile,
          SUBGRAPH_CRM_URL: `${crmBalancer.url}/graphql`,
          SUBGRAPH_INTEGRATIONS_URL: `${integrationsBalancer.url}/graphql`,
        }),
      ),
    );
    all.push(...gateways);
    await Promise.all(gateways.map((g) => g.start()));
    const gatewayBalancer = await startTcpBalancer(
      gateways.map((p) => `127.0.0.1:${p.port}`),
      { port: options.ports?.gateway, readyPath: '/ready' },
    );
    balancers.push(gatewayBalancer);
    return {
      gateways,
      crm,
      integrations,
      all,
      balancers: { gateway: gatewayBalancer.url, crm: crmBalancer.url, integrations: integrationsBalancer.url },
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopGracefully(p: ServiceProcess, graceMs = 15_000): Promise<void> {
  if (!p.running) return;
  const timer = setTimeout(() => void p.kill('SIGKILL'), graceMs);
  await p.kill('SIGTERM');
  clearTimeout(timer);
}
