import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import type { InternalTokens, Principal } from '@onegraph/auth';
import type { Bus } from '@onegraph/bus';
import { ErrorCode } from '@onegraph/errors';
import { apolloHandler, close, listen, maskErrors, sendError, type ListenOptions } from '@onegraph/http';
import { silentLogger, type Logger } from '@onegraph/log';
import { authorizationHeader, createAuthenticator, integrationKeyHeader, type AuthConfig } from './auth.ts';
import type { GatewayContext } from './context.ts';
import { createIdentityTokens } from './fetch/identity-tokens.ts';
import { IdentityForwardingSource } from './subgraph-source.ts';
import { FastGateway } from './executor/gateway.ts';
import { identityKey } from './fetch/identity-key.ts';
import { InflightDeduplicator } from './fetch/inflight.ts';
import { SubgraphHttp, type SubgraphHttpOptions, type SubgraphHttpResponse } from './fetch/subgraph-http.ts';
import { createOperationLimiter, defaultLimits, operationLimitsPlugin, parserMaxTokens, type LimitClass, type OperationLimits } from './security/limits.ts';
import { resolvePersisted, type PersistedManifest } from './security/persisted-operations.ts';
import { createRateLimiter, type RateLimitOptions } from './security/rate-limit.ts';
import { watchConnectionExpiry, type ConnectionWatchOptions } from './security/connection-expiry.ts';
import { createIntegrationKeyVerifier, type IntegrationKeyOptions } from './security/integration-keys.ts';
import { JARVIS_TOKEN_PATH, jarvisTokenHandler, readOnlyPlugin, type JarvisOptions } from './security/jarvis.ts';
import { supergraphFromFile } from './supergraph-file.ts';
import { startEventRouter, type EventRouter } from './subscriptions/event-router.ts';
import { subscriptionFields } from './subscriptions/fields.ts';
import { useSubscriptionServer, type SubscriptionOptions, type SubscriptionStats } from './subscriptions/server.ts';
import { WIDGET_PREFIX, widgetRoute, type WidgetOptions } from './widget/route.ts';

export type { AuthConfig } from './auth.ts';
export type { SubscriptionOptions, SubscriptionStats } from './subscriptions/server.ts';
export { defaultLimits, type LimitClass, type OperationLimits } from './security/limits.ts';
export { loadManifest, operationHash, type PersistedManifest } from './security/persisted-operations.ts';
export type { GatewayContext } from './context.ts';
export type { IntegrationKeyOptions } from './security/integration-keys.ts';
export type { JarvisOptions } from './security/jarvis.ts';
export type { WidgetOptions } from './widget/route.ts';
export { CREDENTIALS_EXPIRED_CLOSE_CODE, type ConnectionWatchOptions } from './security/connection-expiry.ts';
export { RENEWAL_FORBIDDEN_CLOSE_CODE } from './security/connection-renewal.ts';

export interface GatewayOptions {
  /** The supergraph: a file (watched and reloaded on change) or SDL text. */
  supergraph: { path: string } | { sdl: string };
  /** Subgraph URLs overriding those in the supergraph, by subgraph name (as in `join__Graph`). */
  subgraphUrls?: Record<string, string>;
  auth: AuthConfig;
  /** Signs the identity forwarded to subgraphs; required with `hub` auth. */
  internalTokens?: InternalTokens;
  /** Feeds subscriptions; without it the gateway serves queries and mutations only. */
  bus?: Bus;
  /** Subscription buffers and limits (see docs/subscriptions.md); every one has a default. */
  subscriptions?: SubscriptionOptions;
  /** Introspection on or off. Default on. */
  introspection?: boolean;
  /** Largest HTTP request body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Largest batch of operations in one HTTP request. Default 10. */
  maxBatchSize?: number;
  /** Depth, alias, directive, token and cost limits per caller class. Default `defaultLimits`. */
  limits?: Partial<Record<LimitClass, OperationLimits>>;
  /** Requests per caller (user, or client address when anonymous) and window. Default 600 a minute. */
  rateLimit?: RateLimitOptions | false;
  /**
   * The public API's limit, per organisation, on calls made with `tos_` keys
   * (all of an organisation's public API keys share it). Default 100 a
   * minute, as the public API documents.
   */
  publicApiRateLimit?: RateLimitOptions | false;
  /** Persisted operations: the manifest, and the caller classes that may run nothing else. */
  persistedOperations?: { manifest: PersistedManifest; requiredFor: readonly LimitClass[] };
  /**
   * Integration keys (with `hub` auth), verified with the `integrations`
   * subgraph and cached briefly. Default on, with 5 s caches; false refuses them.
   */
  integrationKeys?: IntegrationKeyOptions | false;
  /** Jarvis delegation (`POST /auth/jarvis/token`, delegated tokens accepted); off without it. */
  jarvis?: JarvisOptions;
  /** How graphql-ws connections are re-verified while open. Default: every 60 s, and closed at expiry. */
  connections?: ConnectionWatchOptions;
  /**
   * Identical subgraph calls in flight at once (same subgraph, query text,
   * variables and forwarded identity, within query operations) share one
   * call and its answer. Never across principals: the whole principal is
   * part of the key. Default on; false makes every call.
   */
  deduplicateSubgraphRequests?: boolean;
  /**
   * Identical query operations in flight at once from the same principal
   * (same query text, operation name and variables) share one execution
   * and its response. Never across principals (anonymous callers, with
   * `--auth none`, are one scope); a mutation starting makes later queries
   * execute afresh. Default on (with the `onegraph` executor); false
   * executes every request.
   */
  deduplicateRequests?: boolean;
  /** Keep-alive connection pools to the subgraphs. Default 128 connections per origin, 30 s idle. */
  subgraphHttp?: SubgraphHttpOptions;
  /**
   * Which executor runs Apollo's query plans: `onegraph` (ours: plans and
   * response shapes prepared once per operation; the same responses) or
   * `apollo` (Apollo Gateway's own). Default `onegraph`.
   */
  executor?: 'onegraph' | 'apollo';
  /** The PSA sidebar widget at `/widget/pipeline` (docs/widget.md). Default on; false turns it off. */
  widget?: WidgetOptions | false;
  log?: Logger;
}

export interface Gateway extends AsyncDisposable {
  /** Starts serving; resolves with the base URL (`/graphql`, `/health` below it). */
  listen(options?: ListenOptions): Promise<string>;
  /** The current API schema. */
  readonly schema: GraphQLSchema | undefined;
  /** Counters of the subscription fan-out since the start (undefined without a Bus): for benchmarks and monitoring. */
  readonly subscriptionStats: SubscriptionStats | undefined;
  close(): Promise<void>;
}

/**
 * The One Graph gateway: Apollo Gateway's query planner with our executor
 * of its plans (`executor/`) and our keep-alive subgraph client (`fetch/`),
 * behind Apollo Server, on a plain `node:http` server that also carries
 * graphql-ws for subscriptions on the same `/graphql` path. See
 * docs/performance.md.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.log ?? silentLogger;
  if (options.auth.mode === 'hub' && !options.internalTokens) throw new Error('hub auth needs internalTokens to forward identity');
  if (options.auth.mode === 'none') {
    log.warn('gateway: AUTHENTICATION IS OFF (--auth none): every caller is anonymous and no identity reaches the subgraphs');
  }
  const overrides = options.subgraphUrls ?? {};
  // the integrations subgraph verifies integration keys; its URL follows the supergraph
  let integrationsUrl: string | undefined = overrides['integrations'];
  const authenticate = createAuthenticator(options.auth, {
    ...(options.internalTokens && options.integrationKeys !== false
      ? { integrationKey: createIntegrationKeyVerifier(() => integrationsUrl, options.internalTokens, options.integrationKeys || {}, log) }
      : {}),
    ...(options.jarvis ? { jarvis: options.jarvis.tokens.verify } : {}),
  });

  let schema: GraphQLSchema | undefined;
  const subgraphHttp = new SubgraphHttp(options.subgraphHttp);
  const identityTokens = options.internalTokens ? createIdentityTokens(options.internalTokens) : undefined;
  const inflight = options.deduplicateSubgraphRequests === false ? undefined : new InflightDeduplicator<SubgraphHttpResponse>();
  const gatewayConfig: ConstructorParameters<typeof ApolloGateway>[0] = {
    ...('path' in options.supergraph
      ? { supergraphSdl: supergraphFromFile(options.supergraph.path, log) }
      : { supergraphSdl: options.supergraph.sdl }),
    buildService: ({ name, url }) => {
      if (name === 'integrations') integrationsUrl = overrides[name] ?? url;
      return new IdentityForwardingSource(overrides[name] ?? url ?? '', { http: subgraphHttp, identityTokens, inflight });
    },
    logger: { debug: () => {}, info: () => {}, warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.error(String(m)) },
  };
  const gateway =
    options.executor === 'apollo'
      ? new ApolloGateway(gatewayConfig)
      : new FastGateway(gatewayConfig, options.deduplicateRequests === false ? {} : { deduplicate: { scope: (context) => identityKey((context as Partial<GatewayContext>).principal) } });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    schema = apiSchema;
  });

  const limits = { ...defaultLimits, ...options.limits };
  const limiter = createOperationLimiter(limits);
  const maxBatchSize = options.maxBatchSize ?? 10;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskErrors(log),
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    allowBatchedHttpRequests: maxBatchSize > 1,
    // the parser stops at the most generous token limit; each class's own is checked after
    parseOptions: { maxTokens: parserMaxTokens(limits) },
    plugins: [operationLimitsPlugin(limiter, limitClassOf), readOnlyPlugin()],
  });
  await apollo.start();

  let router: EventRouter | undefined;
  try {
    if (options.bus) router = await startEventRouter({ bus: options.bus, fields: subscriptionFields, log });
  } catch (error) {
    await apollo.stop();
    throw error;
  }

  // Authentication happens before Apollo, so that rate limits and persisted
  // operations know the caller; the context reads what it found.
  const principals = new WeakMap<IncomingMessage, Principal>();
  const rateLimit = options.rateLimit === false ? undefined : createRateLimiter(options.rateLimit ?? { points: 600, durationSec: 60 });
  const publicApiRateLimit = options.publicApiRateLimit === false ? undefined : createRateLimiter(options.publicApiRateLimit ?? { points: 100, durationSec: 60 });
  const persisted = options.persistedOperations;
  const graphql = apolloHandler(apollo, {
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    maxBatchSize,
    ...(persisted
      ? {
          transformOperation: (operation, req) => {
            const principal = principals.get(req);
            const required = persisted.requiredFor.includes(principal ? limitClassOfPrincipal(principal) : 'anonymous');
            return resolvePersisted(operation, persisted.manifest, required);
          },
        }
      : {}),
    context: async ({ req }) => {
      const principal = principals.get(req);
      return { requestId: randomUUID(), ...(principal ? { principal } : {}) };
    },
  });

  async function serveGraphql(req: IncomingMessage, res: ServerResponse) {
    let principal: Principal | undefined;
    try {
      principal = await authenticate(authorizationHeader(req.headers), integrationKeyHeader(req.headers));
    } catch (error) {
      const code = (error as { extensions?: { code?: ErrorCode } }).extensions?.code ?? ErrorCode.UNAUTHENTICATED;
      return sendError(res, code, (error as Error).message, code === ErrorCode.UNAUTHENTICATED ? { 'www-authenticate': 'Bearer' } : {});
    }
    if (principal) principals.set(req, principal);
    // a public API key is held to its organisation's limit (and reports it); anyone else to the per-caller one
    const publicApiOrg = publicApiRateLimit && principal?.kind === 'integration' && isPublicApiKey(authorizationHeader(req.headers)) ? principal.org : undefined;
    const limiter = publicApiOrg !== undefined ? publicApiRateLimit : rateLimit;
    if (limiter) {
      const key = publicApiOrg !== undefined ? `tos:${publicApiOrg}` : principal ? `${principal.kind}:${principal.org}:${principal.sub}` : `ip:${req.socket.remoteAddress ?? 'unknown'}`;
      const decision = await limiter(key);
      for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
      if (!decision.allowed) {
        return sendError(res, ErrorCode.RATE_LIMITED, `Rate limit exceeded: retry in ${decision.retryAfterSec} s`);
      }
    }
    await graphql(req, res);
  }

  const jarvisToken = options.jarvis && options.auth.mode === 'hub' ? jarvisTokenHandler(options.jarvis, options.auth.verify, log) : undefined;
  async function serveJarvisToken(req: IncomingMessage, res: ServerResponse) {
    if (!jarvisToken) return sendError(res, ErrorCode.NOT_FOUND, 'Jarvis delegation is not configured');
    const decision = rateLimit ? await rateLimit(`jarvis-token:${req.socket.remoteAddress ?? 'unknown'}`) : undefined;
    if (decision && !decision.allowed) return sendError(res, ErrorCode.RATE_LIMITED, `Rate limit exceeded: retry in ${decision.retryAfterSec} s`, decision.headers);
    await jarvisToken(req, res);
  }

  const widget = options.widget === false ? undefined : widgetRoute(options.widget ?? {}, log);

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      const ready = schema !== undefined;
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ready ? 'ok' : 'starting' }));
    } else if (path === '/graphql') {
      serveGraphql(req, res).catch((error: unknown) => {
        log.error('gateway: request failed', { error: (error as Error).message });
        if (!res.headersSent) sendError(res, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      });
    } else if (path === JARVIS_TOKEN_PATH) {
      serveJarvisToken(req, res).catch((error: unknown) => {
        log.error('gateway: Jarvis token exchange failed', { error: (error as Error).message });
        if (!res.headersSent) sendError(res, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      });
    } else if (widget && path?.startsWith(WIDGET_PREFIX)) {
      widget(req, res).catch((error: unknown) => {
        log.error('gateway: widget request failed', { error: (error as Error).message });
        if (!res.headersSent) sendError(res, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      });
    } else {
      sendError(res, ErrorCode.NOT_FOUND, 'Not found');
    }
  });

  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
  const wsServer = router
    ? useSubscriptionServer({
        ...options.subscriptions,
        wss,
        apollo,
        schema: () => schema,
        authenticate,
        checkLimits: (schema, document, source, principal) => limiter.check(schema, document, source, principal ? limitClassOfPrincipal(principal) : 'anonymous'),
        watchConnection: (socket, principal, credentials) =>
          watchConnectionExpiry(socket, principal, () => authenticate(credentials.authorization, credentials.integrationKey), { ...options.connections, log }),
        router,
        bus: options.bus!,
        log,
      })
    : undefined;

  let closed = false;
  const closeAll = async () => {
    if (closed) return;
    closed = true;
    await wsServer?.dispose();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await close(server);
    await router?.stop();
    await apollo.stop();
    await subgraphHttp.close();
  };
  return {
    listen: (listenOptions) => listen(server, listenOptions),
    get schema() {
      return schema;
    },
    get subscriptionStats() {
      return wsServer?.stats();
    },
    close: closeAll,
    [Symbol.asyncDispose]: closeAll,
  };
}

/** Whether the credential is a public API key (`Authorization: Bearer tos_…`). */
function isPublicApiKey(authorization: string | undefined): boolean {
  return authorization !== undefined && /^Bearer\s+tos_/i.test(authorization.trim());
}

/** The limit class of a principal: its kind (Jarvis has the tightest limits). */
function limitClassOfPrincipal(principal: Principal): LimitClass {
  return principal.kind;
}

function limitClassOf(context: GatewayContext): LimitClass {
  return context.principal ? limitClassOfPrincipal(context.principal) : 'anonymous';
}
