import {
  createHubTokenVerifier,
  createInternalTokens,
  createJarvisTokens,
  loadDevKeys,
  parseRole,
  roles,
  type DevKeys,
  type InternalTokens,
} from '@onegraph/auth';
import { createBus } from '@onegraph/bus';
import { createLogger } from '@onegraph/log';
import { createMetrics, serveMetrics } from '@onegraph/metrics';
import { supergraphPath } from '@onegraph/schema';
import { startTracingFromEnv } from '@onegraph/tracing';
import { HelpRequested, parseConfig } from './config.ts';
import {
  createGateway,
  graphiqlPlugin,
  loadManifest,
  oneStackPlugins,
  type AuthConfig,
  type GatewayOptions,
  type GatewayPlugin,
  type OneStackOptions,
} from './index.ts';

let config;
let tracing;
try {
  config = parseConfig(process.argv.slice(2), process.env, supergraphPath);
  // first, so that everything after it (logs included) sees the SDK
  tracing = startTracingFromEnv(process.env, 'onegraph-gateway');
} catch (error) {
  console.error((error as Error).message);
  process.exit(error instanceof HelpRequested ? 0 : 2);
}
const log = createLogger('gateway', config.logLevel);

let auth: AuthConfig = { mode: 'none' };
let internalTokens: InternalTokens | undefined;
let identity: Pick<OneStackOptions, 'integrationKeys' | 'jarvis'> = {};
/** The development key pair, when tokens are checked with it (no Hub JWKS: never in production). */
let devKeys: DevKeys | undefined;
if (config.auth.mode === 'hub') {
  const { jwksUrl, devKeysFile, issuer, audience, jarvis } = config.auth;
  if (!jwksUrl) log.warn('HUB_JWKS_URL is not set: verifying tokens with the local development key', { devKeysFile });
  if (!jwksUrl) devKeys = await loadDevKeys(devKeysFile);
  const jwks = jwksUrl ? new URL(jwksUrl) : devKeys!.jwks;
  const jwksCache = { jwksCacheMaxAgeMs: config.auth.jwksCacheSeconds * 1000, jwksCooldownMs: config.auth.jwksCooldownSeconds * 1000 };
  auth = { mode: 'hub', verify: createHubTokenVerifier({ jwks, issuer, audience, ...jwksCache }) };
  internalTokens = createInternalTokens(config.auth.internalTokenSecret);
  const keyCacheMs = config.auth.integrationKeyCacheSeconds * 1000;
  identity = {
    integrationKeys: { cacheTtlMs: keyCacheMs, negativeCacheTtlMs: keyCacheMs },
    ...(jarvis
      ? { jarvis: { clientSecret: jarvis.clientSecret, ttlSeconds: jarvis.ttlSeconds, tokens: createJarvisTokens(config.auth.internalTokenSecret) } }
      : {}),
  };
  if (!jarvis && config.plugins === 'onestack') log.info('JARVIS_CLIENT_SECRET is not set: Jarvis delegation (/auth/jarvis/token) is off');
}
const bus = config.kafkaBrokers
  ? createBus({ brokers: config.kafkaBrokers, sasl: config.kafkaSasl, ssl: config.kafkaSsl, clientId: 'onegraph-gateway', log })
  : undefined;
if (!bus) log.warn('KAFKA_BROKERS is not set: subscriptions are off (the in-process bus only exists inside `npm start`)');

// GraphiQL: development sign-in with the development key pair (the demo organisations), a pasted token otherwise
const ide: GatewayPlugin[] = config.graphiql
  ? [
      graphiqlPlugin(
        devKeys && !config.production
          ? {
              devSignIn: {
                orgs: ['demo', 'demo-2'],
                roles,
                issue: (org, role) => devKeys.issueToken({ org, role: parseRole(role) ?? 'Viewer', sub: `dev-${org}-${role.toLowerCase()}` }),
              },
            }
          : {},
      ),
    ]
  : [];
const metrics = createMetrics({ service: 'onegraph-gateway' });
const rateLimit: GatewayOptions['rateLimit'] = config.rateLimitPerMinute > 0 ? { points: config.rateLimitPerMinute, durationSec: 60 } : false;
const gateway = await createGateway({
  supergraph: { path: config.supergraphPath },
  subgraphUrls: config.subgraphUrls,
  auth,
  ...(internalTokens ? { internalTokens } : {}),
  ...(bus ? { bus } : {}),
  subscriptions: { maxPerConnection: config.maxSubscriptionsPerConnection, maxPerCaller: config.maxSubscriptionsPerCaller },
  introspection: config.introspection,
  maxBodyBytes: config.maxBodyBytes,
  maxBatchSize: config.maxBatchSize,
  rateLimit,
  failedAuthentication: config.failedAuthPerMinute > 0 ? { failures: config.failedAuthPerMinute, durationSec: 60 } : false,
  deduplicateRequests: config.deduplicateRequests,
  deduplicateSubgraphRequests: config.deduplicateSubgraphRequests,
  ...(config.persistedOperations
    ? { persistedOperations: { manifest: loadManifest(config.persistedOperations.file), requiredFor: config.persistedOperations.requiredFor } }
    : {}),
  plugins:
    config.plugins === 'onestack'
      ? oneStackPlugins({
          ...identity,
          rateLimit,
          widget: { frameAncestors: config.widgetFrameAncestors },
          publicApiRateLimit: config.publicApiRateLimitPerMinute > 0 ? { points: config.publicApiRateLimitPerMinute, durationSec: 60 } : false,
          mcp: config.mcp.enabled && {
            writeTools: config.mcp.writeTools,
            runQuery: config.mcp.runQuery,
            sessionIdleMs: config.mcp.sessionIdleSeconds * 1000,
            logArguments: config.logLevel === 'debug',
            ...(config.auth.mode === 'hub' ? { authorizationServer: config.auth.issuer } : {}),
            ...(config.mcp.publicUrl ? { publicUrl: config.mcp.publicUrl } : {}),
          },
        }).concat(ide)
      : ide,
  metrics,
  maxOperationNames: config.maxOperationNames,
  trustRequestId: config.trustRequestId,
  log,
});
const url = await gateway.listen({ port: config.port, host: config.host });
const metricsServer = config.metrics.port === undefined ? undefined : await serveMetrics(metrics, { port: config.metrics.port, host: config.host });
if (metricsServer) log.info('metrics served', { url: metricsServer.url });
log.info('gateway ready', { graphql: `${url}/graphql`, supergraph: config.supergraphPath, auth: config.auth.mode, plugins: config.plugins });

// SIGTERM (an orchestrator, a rolling upgrade) drains first: /ready answers 503 and responses close their connections
// while the balancer routes new work elsewhere, then the service stops (see docs/deployment.md); SIGINT stops at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const drainMs = signal === 'SIGTERM' ? config.shutdownDrainMs : 0;
    log.info('shutting down', { signal, drainMs });
    gateway.drain();
    void new Promise((resolve) => setTimeout(resolve, drainMs))
      .then(() => gateway.close())
      .then(() => metricsServer?.close())
      .then(() => metrics.shutdown())
      .then(() => bus?.close())
      .then(() => tracing.shutdown())
      .then(() => {
        log.info('stopped', { signal });
        process.exit(0);
      });
  });
}
