import { createInternalTokens } from '@onegraph/auth';
import { createBus } from '@onegraph/bus';
import { createLogger } from '@onegraph/log';
import { startTracingFromEnv } from '@onegraph/tracing';
import { createMetrics, serveMetrics } from '@onegraph/metrics';
import { parseConfig } from './config.ts';
import { createCrmSubgraph } from './index.ts';

const config = parseConfig(process.env);
// first, so that everything after it (logs included) sees the SDK
const tracing = startTracingFromEnv(process.env, 'onegraph-crm');
const log = createLogger('crm', config.logLevel);
if (config.products.graph && Object.keys(config.m365Apps).length === 0)
  log.warn('GRAPH_API_URL is set but M365_APP_CREDENTIALS is empty: no organisation can connect a mailbox');
if (!config.kafkaBrokers) log.warn('KAFKA_BROKERS is not set: using the in-process bus, which only reaches this process');
const metrics = createMetrics({ service: 'onegraph-crm' });
const bus = createBus({ brokers: config.kafkaBrokers, sasl: config.kafkaSasl, ssl: config.kafkaSsl, clientId: 'onegraph-crm', log });
const crm = await createCrmSubgraph({
  bus,
  internalTokens: createInternalTokens(config.internalTokenSecret),
  databaseUrl: config.databaseUrl,
  databasePool: config.databasePool,
  dataDir: config.dataDir,
  products: config.products,
  seedDemoData: config.seedDemoData,
  m365SyncIntervalMs: config.m365SyncIntervalMs,
  healthRecomputeAtMinuteUtc: config.healthRecomputeAtMinuteUtc,
  m365Apps: config.m365Apps,
  m365LoginUrl: config.m365LoginUrl,
  metrics,
  log,
});
const url = await crm.listen({ port: config.port, host: config.host });
const metricsServer = config.metrics.port === undefined ? undefined : await serveMetrics(metrics, { port: config.metrics.port, host: config.host });
if (metricsServer) log.info('metrics served', { url: metricsServer.url });
log.info('crm subgraph ready', { url, database: crm.db.kind, bus: bus.kind });

// SIGTERM (an orchestrator, a rolling upgrade) drains first: /ready answers 503 and responses close their connections
// while the balancer routes new work elsewhere, then the service stops (see docs/deployment.md); SIGINT stops at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const drainMs = signal === 'SIGTERM' ? config.shutdownDrainMs : 0;
    log.info('shutting down', { signal, drainMs });
    crm.drain();
    void new Promise((resolve) => setTimeout(resolve, drainMs))
      .then(() => crm.close())
      .then(() => metricsServer?.close())
      .then(() => metrics.shutdown())
      .then(() => bus.close())
      .then(() => tracing.shutdown())
      .then(() => {
        log.info('stopped', { signal });
        process.exit(0);
      });
  });
}
