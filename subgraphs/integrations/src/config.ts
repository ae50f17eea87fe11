import { DEFAULT_POOL, type PoolOptions } from '@onegraph/db';
import { readKafkaConfig, type KafkaSasl } from '@onegraph/bus';
import { EnvReader } from '@onegraph/config';
import type { LogLevel } from '@onegraph/log';
import { readOneStackEndpoints, type OneStackEndpoints } from '@onegraph/onestack-clients';
import { readMetricsConfig, type MetricsConfig } from '@onegraph/metrics';

export interface IntegrationsConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** The PostgreSQL connection pool (`DATABASE_POOL_MAX`, `DATABASE_CONNECT_TIMEOUT_MS`, `DATABASE_IDLE_TIMEOUT_MS`). */
  databasePool: Required<PoolOptions>;
  dataDir: string;
  internalTokenSecret: string;
  kafkaBrokers: string[] | undefined;
  /** The service's Kafka principal (`KAFKA_SASL_MECHANISM`, `KAFKA_SASL_USERNAME`, `KAFKA_SASL_PASSWORD`); none: no authentication. */
  kafkaSasl: KafkaSasl | undefined;
  /** `KAFKA_SSL`: TLS to the brokers. */
  kafkaSsl: boolean;
  /** The other products' APIs and the key to call them with (`PSA_API_URL`, …, `CRM_INTEGRATION_KEY`). */
  products: OneStackEndpoints;
  /** DNS servers verifying custom portal domains (`PORTAL_DNS_SERVERS`); undefined: the system's. */
  dnsServers: string[] | undefined;
  /** The crm subgraph's GraphQL URL (`CRM_SUBGRAPH_URL`), which says whether a company exists. */
  crmUrl: string;
  logLevel: LogLevel;
  /** `METRICS_PORT`: `/metrics` on a port of its own (else on the subgraph's). */
  metrics: MetricsConfig;
  /** `SHUTDOWN_DRAIN_MS`: how long SIGTERM keeps serving while `/ready` answers 503 (for the balancer to route away) before closing. */
  shutdownDrainMs: number;
}

/** The integrations subgraph's configuration, read once at start; throws listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): IntegrationsConfig {
  const r = new EnvReader(env);
  const kafka = readKafkaConfig(r);
  const config: IntegrationsConfig = {
    port: r.port('INTEGRATIONS_PORT', 4002),
    host: r.string('HOST', '127.0.0.1'),
    databaseUrl: r.url('DATABASE_URL'),
    databasePool: {
      max: r.int('DATABASE_POOL_MAX', DEFAULT_POOL.max, 1, 1_000),
      connectionTimeoutMs: r.int('DATABASE_CONNECT_TIMEOUT_MS', DEFAULT_POOL.connectionTimeoutMs, 100, 600_000),
      idleTimeoutMs: r.int('DATABASE_IDLE_TIMEOUT_MS', DEFAULT_POOL.idleTimeoutMs, 1_000, 3_600_000),
    },
    dataDir: r.string('INTEGRATIONS_DATA_DIR', '.data/integrations'),
    internalTokenSecret: r.secret('INTERNAL_TOKEN_SECRET', 32),
    kafkaBrokers: kafka.brokers,
    kafkaSasl: kafka.sasl,
    kafkaSsl: kafka.ssl,
    products: readOneStackEndpoints(r),
    dnsServers: r.list('PORTAL_DNS_SERVERS'),
    crmUrl: r.url('CRM_SUBGRAPH_URL') ?? 'http://127.0.0.1:4001/graphql',
    logLevel: r.logLevel(),
    metrics: readMetricsConfig(r),
    shutdownDrainMs: r.int('SHUTDOWN_DRAIN_MS', 3_000, 0, 300_000),
  };
  r.done('integrations subgraph');
  return config;
}
