import { readMetricsConfig, type MetricsConfig } from '@onegraph/metrics';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { readKafkaConfig, type KafkaSasl } from '@onegraph/bus';
import { EnvReader } from '@onegraph/config';
import type { LogLevel } from '@onegraph/log';

export interface GatewayConfig {
  port: number;
  host: string;
  supergraphPath: string;
  /** Subgraph URL overrides from `SUBGRAPH_<NAME>_URL`, by lower-cased subgraph name. */
  subgraphUrls: Record<string, string>;
  auth:
    | { mode: 'none' }
    | {
        mode: 'hub';
        jwksUrl: string | undefined;
        /** How long Hub's JWKS is cached, and the least time between refetches on an unknown `kid`, in seconds. */
        jwksCacheSeconds: number;
        jwksCooldownSeconds: number;
        devKeysFile: string;
        issuer: string;
        audience: string;
        internalTokenSecret: string;
        /** How long integration key verdicts are cached, in seconds (revocation takes effect within it). */
        integrationKeyCacheSeconds: number;
        /** Jarvis delegation: off without a client secret. */
        jarvis: { clientSecret: string; ttlSeconds: number } | undefined;
      };
  /**
   * Which product features the gateway installs: `onestack` (the One Stack
   * deployment's plugins: integration and public API keys, Jarvis
   * delegation, the PSA widget, the CRM's subscription fields) or `none`
   * (the general federation gateway, for any supergraph). Default
   * `onestack` with `hub` auth, `none` with `--auth none`.
   */
  plugins: 'onestack' | 'none';
  kafkaBrokers: string[] | undefined;
  /** The service's Kafka principal (`KAFKA_SASL_MECHANISM`, `KAFKA_SASL_USERNAME`, `KAFKA_SASL_PASSWORD`); none: no authentication. */
  kafkaSasl: KafkaSasl | undefined;
  /** `KAFKA_SSL`: TLS to the brokers. */
  kafkaSsl: boolean;
  introspection: boolean;
  maxBodyBytes: number;
  maxBatchSize: number;
  /** Requests per minute per caller; 0 turns rate limiting off. */
  rateLimitPerMinute: number;
  publicApiRateLimitPerMinute: number;
  /** Failed authentications per minute per client address before its unknown credentials are refused unverified; 0 turns it off. */
  failedAuthPerMinute: number;
  /** Caps on open graphql-ws subscriptions: per connection, and per caller across its connections. */
  maxSubscriptionsPerConnection: number;
  maxSubscriptionsPerCaller: number;
  /** Share identical concurrent queries of one caller (whole operation), and identical subgraph calls in flight. */
  deduplicateRequests: boolean;
  deduplicateSubgraphRequests: boolean;
  /** Who may frame the PSA sidebar widget (CSP frame-ancestors sources). */
  widgetFrameAncestors: string[];
  /** GraphiQL at GET /graphql for browsers (off by default in production). */
  graphiql: boolean;
  persistedOperations: { file: string; requiredFor: ('user' | 'integration' | 'jarvis' | 'anonymous')[] } | undefined;
  /** The MCP server for agents (One Stack plugins): on or off, its write tools, `run_query`, the public URL its metadata names, how long an idle session lives. */
  mcp: { enabled: boolean; writeTools: string[]; runQuery: boolean; publicUrl: string | undefined; sessionIdleSeconds: number };
  production: boolean;
  logLevel: LogLevel;
  /** `METRICS_PORT`: `/metrics` on a port of its own (else on the gateway's). */
  metrics: MetricsConfig;
  /** `SHUTDOWN_DRAIN_MS`: how long SIGTERM keeps serving while `/ready` answers 503 (for the balancer to route away) before closing. */
  shutdownDrainMs: number;
  /** `METRICS_MAX_OPERATION_NAMES`: distinct operation names kept as metric labels. */
  maxOperationNames: number;
  /** `TRUST_REQUEST_ID`: take the caller's `X-Request-Id` (set by a proxy in front). */
  trustRequestId: boolean;
}

export const usage = `Usage: onegraph-gateway [--supergraph FILE] [--port N] [--host H] [--auth hub|none] [--plugins onestack|none]

Serves a federated GraphQL supergraph over HTTP (POST/GET /graphql) and
graphql-ws (subscriptions, same path), with /health. --plugins onestack adds
the One Stack deployment's features (integration and public API keys, Jarvis
delegation, the PSA widget at /widget/pipeline, the CRM's subscriptions, the
MCP server for agents at /mcp);
--plugins none serves the supergraph alone. Default: onestack with --auth
hub, none with --auth none. Every option can also be set by environment
(see the README's configuration table); flags win.`;

/**
 * The gateway's configuration from flags and environment, read once at
 * start; throws one error listing every problem.
 */
export function parseConfig(argv: readonly string[], env: Record<string, string | undefined>, defaultSupergraph: string): GatewayConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      supergraph: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      auth: { type: 'string' },
      plugins: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) throw new HelpRequested(usage);
  const r = new EnvReader({
    ...env,
    ...(values.port !== undefined ? { GATEWAY_PORT: values.port } : {}),
    ...(values.host !== undefined ? { HOST: values.host } : {}),
    ...(values.auth !== undefined ? { AUTH_MODE: values.auth } : {}),
    ...(values.plugins !== undefined ? { GATEWAY_PLUGINS: values.plugins } : {}),
    ...(values.supergraph !== undefined ? { SUPERGRAPH_PATH: values.supergraph } : {}),
  });
  const kafka = readKafkaConfig(r);
  const production = r.string('NODE_ENV', 'development') === 'production';
  const authMode = r.string('AUTH_MODE', 'hub');
  if (authMode !== 'hub' && authMode !== 'none') r.problems.push(`AUTH_MODE (--auth): expected hub or none, got "${authMode}"`);
  const plugins = r.string('GATEWAY_PLUGINS', authMode === 'none' ? 'none' : 'onestack');
  if (plugins !== 'onestack' && plugins !== 'none') r.problems.push(`GATEWAY_PLUGINS (--plugins): expected onestack or none, got "${plugins}"`);
  const jwksUrl = r.url('HUB_JWKS_URL');
  if (authMode === 'hub' && production && !jwksUrl) r.problems.push('HUB_JWKS_URL: expected the Hub JWKS URL in production, got nothing');
  const subgraphUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = /^SUBGRAPH_([A-Z0-9_]+)_URL$/.exec(name);
    if (match && value) subgraphUrls[match[1]!.toLowerCase()] = r.url(name) ?? value;
  }
  const config: GatewayConfig = {
    port: r.port('GATEWAY_PORT', 4000),
    host: r.string('HOST', '127.0.0.1'),
    supergraphPath: resolve(r.string('SUPERGRAPH_PATH', defaultSupergraph)),
    subgraphUrls,
    auth:
      authMode === 'none'
        ? { mode: 'none' }
        : {
            mode: 'hub',
            jwksUrl,
            jwksCacheSeconds: r.int('HUB_JWKS_CACHE_SECONDS', 600, 1, 86_400),
            jwksCooldownSeconds: r.int('HUB_JWKS_COOLDOWN_SECONDS', 30, 0, 3_600),
            devKeysFile: r.string('DEV_KEYS_FILE', '.data/dev-keys.json'),
            issuer: r.string('HUB_ISSUER', 'https://hub.onestack.local'),
            audience: r.string('HUB_AUDIENCE', 'onegraph'),
            internalTokenSecret: r.secret('INTERNAL_TOKEN_SECRET', 32),
            integrationKeyCacheSeconds: r.int('INTEGRATION_KEY_CACHE_SECONDS', 5, 0, 300),
            jarvis: jarvisConfig(r),
          },
    plugins: plugins === 'none' ? 'none' : 'onestack',
    kafkaBrokers: kafka.brokers,
    kafkaSasl: kafka.sasl,
    kafkaSsl: kafka.ssl,
    introspection: r.bool('INTROSPECTION', !production),
    maxBodyBytes: r.int('MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    maxBatchSize: r.int('MAX_BATCH_SIZE', 10, 1, 100),
    // a general gateway without authentication has no callers to tell apart: no limit unless asked for
    rateLimitPerMinute: r.int('RATE_LIMIT_PER_MINUTE', authMode === 'none' ? 0 : 600, 0, 1_000_000),
    publicApiRateLimitPerMinute: r.int('PUBLIC_API_RATE_LIMIT_PER_MINUTE', 100, 0, 1_000_000),
    failedAuthPerMinute: r.int('FAILED_AUTH_PER_MINUTE', 60, 0, 1_000_000),
    maxSubscriptionsPerConnection: r.int('MAX_SUBSCRIPTIONS_PER_CONNECTION', 100, 1, 100_000),
    maxSubscriptionsPerCaller: r.int('MAX_SUBSCRIPTIONS_PER_CALLER', 500, 1, 1_000_000),
    deduplicateRequests: r.bool('DEDUPLICATE_REQUESTS', true),
    deduplicateSubgraphRequests: r.bool('DEDUPLICATE_SUBGRAPH_REQUESTS', true),
    widgetFrameAncestors: r.list('WIDGET_FRAME_ANCESTORS') ?? ["'self'"],
    graphiql: r.bool('GRAPHIQL', !production),
    persistedOperations: persistedOperations(r),
    mcp: {
      enabled: r.bool('MCP_ENABLED', true),
      writeTools: r.list('MCP_WRITE_TOOLS') ?? [],
      runQuery: r.bool('MCP_RUN_QUERY', true),
      publicUrl: r.url('PUBLIC_URL'),
      sessionIdleSeconds: r.int('MCP_SESSION_IDLE_SECONDS', 1_800, 1, 7 * 86_400),
    },
    production,
    logLevel: r.logLevel(),
    metrics: readMetricsConfig(r),
    shutdownDrainMs: r.int('SHUTDOWN_DRAIN_MS', 3_000, 0, 300_000),
    maxOperationNames: r.int('METRICS_MAX_OPERATION_NAMES', 100, 1, 10_000),
    trustRequestId: r.bool('TRUST_REQUEST_ID', false),
  };
  r.done('gateway');
  return config;
}

const limitClasses = ['user', 'integration', 'jarvis', 'anonymous'] as const;

function persistedOperations(r: EnvReader): GatewayConfig['persistedOperations'] {
  const file = r.string('PERSISTED_OPERATIONS_FILE');
  const requiredFor = r.list('PERSISTED_OPERATIONS_REQUIRED_FOR') ?? [];
  const unknown = requiredFor.filter((c) => !(limitClasses as readonly string[]).includes(c));
  if (unknown.length > 0) r.problems.push(`PERSISTED_OPERATIONS_REQUIRED_FOR: expected a list of ${limitClasses.join(', ')}, got "${unknown.join(',')}"`);
  if (requiredFor.length > 0 && !file) r.problems.push('PERSISTED_OPERATIONS_FILE: required when PERSISTED_OPERATIONS_REQUIRED_FOR is set');
  return file
    ? { file: resolve(file), requiredFor: requiredFor.filter((c): c is (typeof limitClasses)[number] => (limitClasses as readonly string[]).includes(c)) }
    : undefined;
}

function jarvisConfig(r: EnvReader): { clientSecret: string; ttlSeconds: number } | undefined {
  const clientSecret = r.string('JARVIS_CLIENT_SECRET');
  const ttlSeconds = r.int('JARVIS_TOKEN_TTL_SECONDS', 300, 10, 3_600);
  if (clientSecret === undefined) return undefined;
  if (clientSecret.length < 32) r.problems.push(`JARVIS_CLIENT_SECRET: expected at least 32 characters, got ${clientSecret.length}`);
  return { clientSecret, ttlSeconds };
}

export class HelpRequested extends Error {
  override readonly name = 'HelpRequested';
}
