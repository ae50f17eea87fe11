import { EnvReader } from '@onegraph/config';
import type { LogLevel } from '@onegraph/log';

export interface CrmConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  internalTokenSecret: string;
  kafkaBrokers: string[] | undefined;
  seedDemoData: boolean;
  logLevel: LogLevel;
}

/** The crm subgraph's configuration, read once at start; throws listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): CrmConfig {
  const r = new EnvReader(env);
  const config: CrmConfig = {
    port: r.port('CRM_PORT', 4001),
    host: r.string('HOST', '127.0.0.1'),
    databaseUrl: r.url('DATABASE_URL'),
    dataDir: r.string('CRM_DATA_DIR', '.data/crm'),
    internalTokenSecret: r.secret('INTERNAL_TOKEN_SECRET', 32),
    kafkaBrokers: r.list('KAFKA_BROKERS'),
    seedDemoData: r.bool('SEED_DEMO_DATA', false),
    logLevel: r.logLevel(),
  };
  r.done('crm subgraph');
  return config;
}
