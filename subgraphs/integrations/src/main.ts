import { createInternalTokens } from '@onegraph/auth';
import { createBus } from '@onegraph/bus';
import { createLogger } from '@onegraph/log';
import { startTracingFromEnv } from '@onegraph/tracing';
import { createMetrics, serveMetrics } from '@onegraph/metrics';
import { parseConfig } from './config.ts';
import { createIntegrationsSubgraph } from './index.ts';

const config = parseConfig(process.env);
// first, so that everything after it (logs included) sees the SDK
const tracing = startTracingFromEnv(process.env, 'onegraph-integrations');
const log = createLogger('integrations', config.logLevel);
if (!config.kafkaBrokers) log.warn('KAFKA_BROKERS is not set: using the in-process bus, which only reaches this process');
const metrics = createMetrics({ service: 'onegraph-integrations' });
const bus = createBus({ brokers: config.kafkaBrokers, sasl: config.kafkaSasl, ssl: config.kafkaSsl, clientId: 'onegraph-integrations', log });
const subgraph = await createIntegrationsSubgraph({
  bus,
  internalTokens: createInternalTokens(config.internalTokenSecret),
  databaseUrl: config.databaseUrl,
  databasePool: config.databasePool,
  dataDir: config.dataDir,
  products: config.products,
  dnsServers: config.dnsServers,
  crmUrl: config.crmUrl,
  metrics,
  log,
});
const url = await subgraph.listen({ port: config.port, host: config.host });
const metricsServer = config.metrics.port === undefined ? undefined : await serveMetrics(metrics, { port: config.metrics.port, host: config.host });
if (metricsServer) log.info('metrics served', { url: metricsServer.url });
log.info('integrations subgraph ready', { url, database: subgraph.db.kind, bus: bus.kind });

// SIGTERM (an orchestrator, a rolling upgrade) drains first: /ready answers 503 and responses close their connections
// while the balancer routes new work elsewhere, then the service stops (see docs/deployment.md); SIGINT stops at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const drainMs = signal === 'SIGTERM' ? config.shutdownDrainMs : 0;
    log.info('shutting down', { signal, drainMs });
    subgraph.drain();
    void new Promise((resolve) => setTimeout(resolve, drainMs))
      .then(() => subgraph.close())
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
