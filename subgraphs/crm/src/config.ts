import { DEFAULT_POOL, type PoolOptions } from '@onegraph/db';
import { readKafkaConfig, type KafkaSasl } from '@onegraph/bus';
import { EnvReader } from '@onegraph/config';
import type { LogLevel } from '@onegraph/log';
import { readOneStackEndpoints, type OneStackEndpoints } from '@onegraph/onestack-clients';
import { parseM365AppCredentials, type M365Apps } from './features/m365/app-credentials.ts';
import { DEFAULT_M365_LOGIN_URL } from './features/m365/graph-tokens.ts';
import { readMetricsConfig, type MetricsConfig } from '@onegraph/metrics';

export interface CrmConfig {
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
  seedDemoData: boolean;
  /** How often connected M365 mailboxes are synced (`M365_SYNC_INTERVAL_MS`, 1 s to 24 h; default 5 minutes). */
  m365SyncIntervalMs: number;
  /** When every company's health is recomputed each day (`HEALTH_RECOMPUTE_AT`, `HH:MM` UTC; default 02:00), in minutes after midnight UTC. */
  healthRecomputeAtMinuteUtc: number;
  /** The other products' APIs and the key to call them with (`PSA_API_URL`, …, `CRM_INTEGRATION_KEY`). */
  products: OneStackEndpoints;
  /** Each organisation's Entra app registration for Microsoft Graph (`M365_APP_CREDENTIALS`: `org=tenantId:clientId:clientSecret,…`). */
  m365Apps: M365Apps;
  /** The Microsoft identity platform (`M365_LOGIN_URL`, default `https://login.microsoftonline.com`). */
  m365LoginUrl: string;
  logLevel: LogLevel;
  /** `METRICS_PORT`: `/metrics` on a port of its own (else on the subgraph's). */
  metrics: MetricsConfig;
  /** `SHUTDOWN_DRAIN_MS`: how long SIGTERM keeps serving while `/ready` answers 503 (for the balancer to route away) before closing. */
  shutdownDrainMs: number;
}

/** The crm subgraph's configuration, read once at start; throws listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): CrmConfig {
  const r = new EnvReader(env);
  const kafka = readKafkaConfig(r);
  const m365 = parseM365AppCredentials(r.string('M365_APP_CREDENTIALS'));
  r.problems.push(...m365.problems);
  const config: CrmConfig = {
    port: r.port('CRM_PORT', 4001),
    host: r.string('HOST', '127.0.0.1'),
    databaseUrl: r.url('DATABASE_URL'),
    databasePool: {
      max: r.int('DATABASE_POOL_MAX', DEFAULT_POOL.max, 1, 1_000),
      connectionTimeoutMs: r.int('DATABASE_CONNECT_TIMEOUT_MS', DEFAULT_POOL.connectionTimeoutMs, 100, 600_000),
      idleTimeoutMs: r.int('DATABASE_IDLE_TIMEOUT_MS', DEFAULT_POOL.idleTimeoutMs, 1_000, 3_600_000),
    },
    dataDir: r.string('CRM_DATA_DIR', '.data/crm'),
    internalTokenSecret: r.secret('INTERNAL_TOKEN_SECRET', 32),
    kafkaBrokers: kafka.brokers,
    kafkaSasl: kafka.sasl,
    kafkaSsl: kafka.ssl,
    seedDemoData: r.bool('SEED_DEMO_DATA', false),
    m365SyncIntervalMs: r.int('M365_SYNC_INTERVAL_MS', 300_000, 1_000, 86_400_000),
    healthRecomputeAtMinuteUtc: minuteOfDay(r, 'HEALTH_RECOMPUTE_AT', '02:00'),
    products: readOneStackEndpoints(r),
    m365Apps: m365.apps,
    m365LoginUrl: r.url('M365_LOGIN_URL') ?? DEFAULT_M365_LOGIN_URL,
    logLevel: r.logLevel(),
    metrics: readMetricsConfig(r),
    shutdownDrainMs: r.int('SHUTDOWN_DRAIN_MS', 3_000, 0, 300_000),
  };
  r.done('crm subgraph');
  return config;
}

/** `HH:MM` (UTC) as minutes after midnight; a malformed value is reported with the other problems. */
function minuteOfDay(r: EnvReader, name: string, fallback: string): number {
  const value = r.string(name, fallback);
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) {
    r.problems.push(`${name}: expected HH:MM (UTC, 00:00 to 23:59), got "${value}"`);
    return 0;
  }
  return Number(match[1]) * 60 + Number(match[2]);
}
