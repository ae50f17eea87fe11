// The gateway under test, alone in its process so that its memory and CPU
// are its own: createOneStackGateway on the backend's subgraphs and the benchmark's
// Kafka namespace. Prints `{"ready":"<url>"}`; answers `{type:"stats"}` IPC
// messages with its memory and CPU time (after a GC when run with --expose-gc),
// and records a CPU profile between `profile-start` and `profile-stop` (profiler.ts).
//
// Environment: BENCH_CONFIG = JSON of GatewayConfig.
import { createHubTokenVerifier, createInternalTokens, DEV_AUDIENCE, DEV_ISSUER, loadDevKeys } from '@onegraph/auth';
import { createKafkaBus, type KafkaSasl } from '@onegraph/bus';
import { createOneStackGateway, type SubscriptionOptions, type SubscriptionStats } from '@onegraph/gateway';
import { createLogger } from '@onegraph/log';
import { composeSupergraph } from '@onegraph/schema';
import { answerProfileCommands } from './profiler.ts';

export interface GatewayConfig {
  brokers: string;
  /** One Graph's login to the brokers (the test broker authenticates every client); none: no authentication. */
  sasl?: KafkaSasl;
  namespace: string;
  keysFile: string;
  internalTokenSecret: string;
  crm: string;
  integrations: string;
  subscriptions?: SubscriptionOptions;
}

export interface GatewayStats {
  type: 'stats';
  rss: number;
  heapUsed: number;
  external: number;
  /** User + system CPU time since the start, in ms. */
  cpuMs: number;
  /** The fan-out's counters (resolutions, batches) since the start. */
  subscriptions: SubscriptionStats | undefined;
}

const config = JSON.parse(process.env['BENCH_CONFIG'] ?? '{}') as GatewayConfig;
const log = createLogger('bench-gateway', 'warn');
const keys = await loadDevKeys(config.keysFile);
const bus = createKafkaBus({ brokers: config.brokers.split(','), sasl: config.sasl, namespace: config.namespace, clientId: 'bench-gateway', log });
const gateway = await createOneStackGateway({
  supergraph: { sdl: composeSupergraph({ crm: config.crm, integrations: config.integrations }) },
  auth: { mode: 'hub', verify: createHubTokenVerifier({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }) },
  internalTokens: createInternalTokens(config.internalTokenSecret),
  bus,
  ...(config.subscriptions ? { subscriptions: config.subscriptions } : {}),
  log,
});
const url = await gateway.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ ready: `${url}/graphql` })}\n`);

// CPU profiles of the measured run only
answerProfileCommands();
process.on('message', (message: { type: string }) => {
  if (message.type !== 'stats') return;
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const stats: GatewayStats = {
    type: 'stats',
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external,
    cpuMs: (cpu.user + cpu.system) / 1000,
    subscriptions: gateway.subscriptionStats,
  };
  process.send?.(stats);
});

const shutdown = async () => {
  await gateway.close();
  await bus.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('disconnect', () => void shutdown());
