import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import type { InternalTokens, Principal } from '@onegraph/auth';
import type { Bus } from '@onegraph/bus';
import { close, createRouter, drainable, graphqlSpanPlugin, isRefusal, listen, maskErrors, type ListenOptions } from '@onegraph/http';
import { silentLogger, type Logger } from '@onegraph/log';
import { instrumentsOf, meteredBus, metricsRoute, readyRoute, EPHEMERAL_GROUP, type Metrics, type ReadinessCheck } from '@onegraph/metrics';
import { createAuthenticator, type Authenticate, type AuthConfig } from './auth.ts';
import type { GatewayContext } from './context.ts';
import { FastGateway } from './executor/gateway.ts';
import { identityKey } from './fetch/identity-key.ts';
import { createIdentityTokens } from './fetch/identity-tokens.ts';
import { InflightDeduplicator } from './fetch/inflight.ts';
import { SubgraphHttp, type SubgraphHttpOptions, type SubgraphHttpResponse } from './fetch/subgraph-http.ts';
import { authenticationHook } from './http/hooks/authenticate.ts';
import { rateLimitHook } from './http/hooks/rate-limit.ts';
import { graphqlRoute } from './http/routes/graphql.ts';
import { healthRoute } from './http/routes/health.ts';
import { currentRequestId, identifyRequests } from './http/request-id.ts';
import { Disposers } from './lifecycle/disposers.ts';
import { gatewayMetrics } from './metrics/gateway-metrics.ts';
import { operationMetricsPlugin } from './metrics/operation-plugin.ts';
import { persistedOperationNames } from './metrics/persisted-names.ts';
import { subgraphReachable } from './metrics/subgraph-reachable.ts';
import type { GatewayOperations, GatewayPlugin, OperationRequest, RequestHook } from './plugin.ts';
import {
  createOperationLimiter,
  defaultLimits,
  operationLimitsPlugin,
  parserMaxTokens,
  type LimitClass,
  type OperationLimiter,
  type OperationLimits,
} from './security/limits.ts';
import type { PersistedManifest } from './security/persisted-manifest.ts';
import { createOperationAdmission, perCallerRateLimit, type OperationAdmission } from './security/operation-admission.ts';
import { guardFailedAuthentication, type FailedAuthenticationOptions } from './security/failed-authentication.ts';
import { createRateLimiter, type RateLimitOptions } from './security/rate-limit.ts';
import { IdentityForwardingSource } from './subgraph-source.ts';
import { GATEWAY_TRACER } from './tracer.ts';
import type { ConnectionWatchOptions } from './subscriptions/connection-expiry.ts';
import { startEventRouter, type EventRouter } from './subscriptions/event-router.ts';
import type { SubscriptionFieldSpec } from './subscriptions/field-spec.ts';
import { createSubscriptionCore, type SubscriptionOptions, type SubscriptionStats } from './subscriptions/core.ts';
import { useEventStreams } from './subscriptions/event-stream.ts';
import { useSubscriptionServer } from './subscriptions/server.ts';
import { supergraphFromFile } from './supergraph-file.ts';

export interface GatewayOptions {
  /** The supergraph: a file (watched and reloaded on change) or SDL text. */
  supergraph: { path: string } | { sdl: string };
  /** Subgraph URLs overriding those in the supergraph, by subgraph name (as in `join__Graph`). */
  subgraphUrls?: Record<string, string>;
  auth: AuthConfig;
  /** Signs the identity forwarded to subgraphs; required with `hub` auth. */
  internalTokens?: InternalTokens;
  /** Feeds subscriptions (the fields plugins add); without it the gateway serves queries and mutations only. */
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
  /**
   * Requests per caller (user, or client address when anonymous) and window.
   * Default 600 a minute with `hub` auth; none with `none` auth (a general
   * gateway, often behind its own load balancer: every caller would share
   * the balancer's address).
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Failed authentications per client address and window, on every
   * transport, before that address's unknown credentials are refused
   * without verifying them (see security/failed-authentication.ts).
   * Default 60 a minute with `hub` auth; false turns it off.
   */
  failedAuthentication?: Omit<FailedAuthenticationOptions, 'credentialHeaders'> | false;
  /** Persisted operations: the manifest, and the caller classes that may run nothing else. */
  persistedOperations?: { manifest: PersistedManifest; requiredFor: readonly LimitClass[] };
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
  /** Product features (routes, request hooks, credential kinds, subscription fields, Apollo plugins), in order. Default none. */
  plugins?: readonly GatewayPlugin[];
  /** Where the gateway's metrics are recorded, served at `/metrics` (see docs/observability.md). Default: not recorded, and no `/metrics` route. */
  metrics?: Metrics;
  /** Most distinct operation names kept as metric labels; later ones are `other` (with persisted operations, only theirs are kept). Default 100. */
  maxOperationNames?: number;
  /**
   * Whether a caller's `X-Request-Id` is taken as the request's id (when a
   * load balancer or proxy in front sets it); otherwise every request gets
   * a new one. Either way it is returned in `X-Request-Id`, forwarded to the
   * subgraphs and logged. Default false.
   */
  trustRequestId?: boolean;
  log?: Logger;
}

export interface Gateway extends AsyncDisposable {
  /** Starts serving; resolves with the base URL (`/graphql`, `/health` below it). */
  listen(options?: ListenOptions): Promise<string>;
  /** The current API schema. */
  readonly schema: GraphQLSchema | undefined;
  /** Counters of the subscription fan-out since the start (undefined without subscriptions): for benchmarks and monitoring. */
  readonly subscriptionStats: SubscriptionStats | undefined;
  /**
   * The first step of a graceful shutdown: `/ready` answers 503 and every response carries `Connection: close`, so a
   * load balancer sends new work elsewhere while this instance still serves. `close()` is the second step.
   */
  drain(): void;
  /**
   * Stops: WebSockets closed with 1001 (going away: graphql-ws clients reconnect elsewhere and resume by cursor), no
   * new connections, the requests in flight finished, then the subscription consumer and the rest.
   */
  close(): Promise<void>;
}

/**
 * The general federation gateway: Apollo Gateway's query planner with our
 * executor of its plans (`executor/`) and our keep-alive subgraph client
 * (`fetch/`), behind Apollo Server, on a plain `node:http` server whose
 * routes (`http/`) share one error path, and which carries graphql-ws for
 * subscriptions on the same `/graphql` path. Authentication, rate limits and
 * persisted operations are request hooks; product features come as
 * plugins (`plugin.ts`); everything started is stopped through one
 * disposer list. See docs/performance.md.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.log ?? silentLogger;
  const plugins = options.plugins ?? [];
  if (options.auth.mode === 'hub' && !options.internalTokens) throw new Error('hub auth needs internalTokens to forward identity');
  if (options.auth.mode === 'none') {
    log.warn('gateway: AUTHENTICATION IS OFF (--auth none): every caller is anonymous and no identity reaches the subgraphs');
  }
  const disposers = new Disposers();
  try {
    return await assemble(options, plugins, log, disposers);
  } catch (error) {
    await disposers.dispose().catch(() => {});
    throw error;
  }
}

async function assemble(options: GatewayOptions, plugins: readonly GatewayPlugin[], log: Logger, disposers: Disposers): Promise<Gateway> {
  const overrides = options.subgraphUrls ?? {};
  // the URLs the current supergraph gives, for plugins that call a subgraph themselves
  const subgraphUrls = new Map<string, string>(Object.entries(overrides));
  // the operation path plugins with a transport of their own share; bound once assembled, below
  const shared: { operations?: GatewayOperations } = {};
  const operations: GatewayOperations = {
    authenticate: (credentials) => bound().authenticate(credentials),
    schema: () => shared.operations?.schema(),
    get admission() {
      return bound().admission;
    },
    checkLimits: (...args) => bound().checkLimits(...args),
    execute: (request, caller) => bound().execute(request, caller),
    watch: (...args) => bound().watch(...args),
  };
  const bound = () => {
    if (!shared.operations) throw new Error('the gateway is not assembled yet');
    return shared.operations;
  };
  // disposed with the HTTP server's close (below), between its refusing new connections and its waiting for the open ones
  const pluginDisposers = new Disposers();
  disposers.defer('plugins', () => pluginDisposers.dispose());
  const instrumentFactory = instrumentsOf(options.metrics);
  for (const plugin of plugins) {
    await plugin.setup?.({
      auth: options.auth,
      internalTokens: options.internalTokens,
      subgraphUrl: (name) => subgraphUrls.get(name),
      log,
      instruments: instrumentFactory,
      operations,
    });
    if (plugin.dispose) pluginDisposers.defer(`plugin ${plugin.name}`, () => plugin.dispose!());
  }
  const credentialKinds = plugins.flatMap((plugin) => plugin.credentials ?? []);
  const failedAuthentication = options.failedAuthentication ?? { failures: 60, durationSec: 60 };
  const authenticate =
    options.auth.mode === 'hub' && failedAuthentication !== false
      ? guardFailedAuthentication(createAuthenticator(options.auth, credentialKinds), {
          ...failedAuthentication,
          credentialHeaders: credentialKinds.flatMap((kind) => (kind.header ? [kind.header.name] : [])),
        })
      : createAuthenticator(options.auth, credentialKinds);

  let schema: GraphQLSchema | undefined;
  const instruments = gatewayMetrics(options.metrics, {
    maxOperationNames: options.maxOperationNames,
    persistedNames: options.persistedOperations ? persistedOperationNames(options.persistedOperations.manifest) : undefined,
  });
  const subgraphHttp = new SubgraphHttp(options.subgraphHttp);
  disposers.defer('subgraph connections', () => subgraphHttp.close());
  const identityTokens = options.internalTokens ? createIdentityTokens(options.internalTokens) : undefined;
  const inflight = options.deduplicateSubgraphRequests === false ? undefined : new InflightDeduplicator<SubgraphHttpResponse>();
  const gatewayConfig: ConstructorParameters<typeof ApolloGateway>[0] = {
    ...('path' in options.supergraph ? { supergraphSdl: supergraphFromFile(options.supergraph.path, log) } : { supergraphSdl: options.supergraph.sdl }),
    buildService: ({ name, url }) => {
      const serviceUrl = overrides[name] ?? url ?? '';
      subgraphUrls.set(name, serviceUrl);
      return new IdentityForwardingSource(serviceUrl, { name, http: subgraphHttp, identityTokens, inflight, metrics: { subgraph: name, instruments } });
    },
    logger: { debug: () => {}, info: () => {}, warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.error(String(m)) },
  };
  const gateway =
    options.executor === 'apollo'
      ? new ApolloGateway(gatewayConfig)
      : new FastGateway(
          gatewayConfig,
          options.deduplicateRequests === false ? {} : { deduplicate: { scope: (context) => identityKey((context as Partial<GatewayContext>).principal) } },
        );
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    schema = apiSchema;
  });

  const limits = { ...defaultLimits, ...options.limits };
  const limiter = createOperationLimiter(limits);
  const maxBatchSize = options.maxBatchSize ?? 10;
  const apollo = new ApolloServer<GatewayContext>({
    // main.ts alone handles signals: Apollo's own SIGTERM handler would stop it mid-drain and re-raise the signal (killing the process)
    stopOnTerminationSignals: false,
    gateway,
    formatError: maskErrors(log),
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    // no "Did you mean …" field suggestions when the schema is not to be explored
    hideSchemaDetailsFromClientErrors: !(options.introspection ?? true),
    allowBatchedHttpRequests: maxBatchSize > 1,
    // the parser stops at the most generous token limit; each class's own is checked after
    parseOptions: { maxTokens: parserMaxTokens(limits) },
    plugins: [
      graphqlSpanPlugin({ tracer: GATEWAY_TRACER }),
      operationMetricsPlugin(instruments, log),
      operationLimitsPlugin(limiter, (context) => limitClassOf(context.principal)),
      ...plugins.flatMap((plugin) => plugin.apolloPlugins ?? []),
    ],
  });
  await apollo.start();
  disposers.defer('apollo', () => apollo.stop());

  const fields: Record<string, SubscriptionFieldSpec> = {};
  for (const plugin of plugins) {
    for (const [name, spec] of Object.entries(plugin.subscriptionFields ?? {})) {
      if (fields[name]) throw new Error(`subscription field ${name} is added twice (plugin ${plugin.name})`);
      fields[name] = spec;
    }
  }
  // measured as this gateway uses it (events consumed, lag of its subscription consumer)
  const metered = options.bus && options.metrics ? meteredBus(options.bus, options.metrics) : undefined;
  const bus = metered ?? options.bus;
  const router = bus && Object.keys(fields).length > 0 ? await startEventRouter({ bus, fields, log }) : undefined;
  if (router) disposers.defer('event router', () => router.stop());

  // one admission for every operation, whatever carries it (HTTP POST, GET, batches, graphql-ws): persisted operations and rate limits;
  // a general gateway without authentication has no per-caller limit unless one is configured (every anonymous caller would share it)
  const rateLimitOptions = options.rateLimit ?? (options.auth.mode === 'none' ? false : { points: 600, durationSec: 60 });
  const rateLimit = rateLimitOptions === false ? undefined : createRateLimiter(rateLimitOptions);
  const persisted = options.persistedOperations;
  const admission = createOperationAdmission({
    persisted: persisted && {
      ...persisted,
      manifest: Object.assign({}, ...plugins.map((plugin) => plugin.persistedOperations ?? {}), persisted.manifest) as PersistedManifest,
    },
    rateLimits: [...plugins.flatMap((plugin) => plugin.rateLimits ?? []), ...(rateLimit ? [perCallerRateLimit(rateLimit)] : [])],
    classOf: limitClassOf,
    onRefused: (limit, callerClass) => instruments.refused(limit, callerClass),
  });
  shared.operations = pluginOperations({ apollo, admission, authenticate, limiter, router, fields, schema: () => schema });
  // authentication first (the others depend on the caller), plugins' hooks, then the rate limit
  const hooks: RequestHook[] = [
    authenticationHook(authenticate),
    ...plugins.flatMap((plugin) => (plugin.onRequest ? [plugin.onRequest] : [])),
    rateLimitHook(admission),
  ];
  // set once the server exists: the readiness check reads it
  let shutdown: { check(): string | undefined } = { check: () => undefined };
  const readiness = (): ReadinessCheck[] => [
    { name: 'shutdown', check: () => shutdown.check() },
    { name: 'supergraph', check: () => (schema ? undefined : 'no supergraph loaded yet') },
    ...[...subgraphUrls].map(([name, url]): ReadinessCheck => ({ name: `subgraph:${name}`, check: () => subgraphReachable(url) })),
    // the subscription fan-out's consumer (its group id is unique per instance, reported as `ephemeral`)
    ...(metered && router ? metered.readinessChecks([EPHEMERAL_GROUP]) : []),
    ...plugins.flatMap((plugin) => plugin.readiness?.() ?? []),
  ];
  // the transport-free subscription core, shared by graphql-ws and GraphQL over SSE
  const core =
    router && bus
      ? createSubscriptionCore({
          ...options.subscriptions,
          apollo,
          schema: () => schema,
          fields,
          checkLimits: (schema, document, source, principal) => limiter.check(schema, document, source, limitClassOf(principal)),
          admission,
          hideSuggestions: !(options.introspection ?? true),
          router,
          bus,
          instruments,
          log,
        })
      : undefined;
  if (core) disposers.defer('subscription core', () => core.stop());
  const pages = plugins.filter((plugin) => plugin.page);
  if (pages.length > 1) throw new Error(`two plugins serve the page at /graphql: ${pages.map((plugin) => plugin.name).join(', ')}`);
  const routes = [
    healthRoute(() => schema !== undefined),
    readyRoute(readiness),
    ...(options.metrics ? [metricsRoute(options.metrics)] : []),
    graphqlRoute({
      apollo,
      hooks,
      admission,
      maxBodyBytes: options.maxBodyBytes,
      maxBatchSize,
      page: pages[0]?.page,
      eventStream: core ? useEventStreams({ core, maxBodyBytes: options.maxBodyBytes, authenticate, connections: options.connections, log }) : undefined,
    }),
    ...plugins.flatMap((plugin) => plugin.routes ?? []),
  ];
  // every request has its id, in its answer and on every line logged while it is served
  const server = createServer(identifyRequests(createRouter(routes, log), options.trustRequestId ?? false));
  const drain = drainable(server);
  shutdown = drain;
  // drained first (SIGTERM): connections end without racing their clients; else at once
  let drained = false;
  disposers.defer('http server', async () => {
    // no new connections from here; the plugins end the streams they hold open (MCP's), so the close need not wait for them
    const closed = drained ? drain.stop() : close(server);
    await pluginDisposers.dispose();
    await closed;
  });

  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
  disposers.defer('websocket server', async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });
  const subscriptions = core
    ? useSubscriptionServer({
        wss,
        core,
        authenticate,
        credentialKinds,
        admission,
        connections: { ...options.connections, log },
        slowCloseGraceMs: options.subscriptions?.slowCloseGraceMs,
        maxPerConnection: options.subscriptions?.maxPerConnection,
        trustRequestId: options.trustRequestId ?? false,
        instruments,
        log,
      })
    : undefined;
  if (subscriptions) disposers.defer('subscription server', () => subscriptions.dispose());

  const dispose = () => {
    drained ||= drain.draining;
    drain.begin();
    return disposers.dispose();
  };
  return {
    drain: () => drain.begin(),
    listen: (listenOptions) => listen(server, listenOptions),
    get schema() {
      return schema;
    },
    get subscriptionStats() {
      return core?.stats();
    },
    close: dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

/** `GatewayOperations` over the assembled core: the same admission, limits, executor and event routing as the gateway's own transports. */
function pluginOperations(core: {
  apollo: ApolloServer<GatewayContext>;
  admission: OperationAdmission;
  authenticate: Authenticate;
  limiter: OperationLimiter;
  router: EventRouter | undefined;
  fields: Record<string, SubscriptionFieldSpec>;
  schema(): GraphQLSchema | undefined;
}): GatewayOperations {
  const { apollo, admission, router, fields } = core;
  return {
    authenticate: core.authenticate,
    schema: core.schema,
    admission,
    checkLimits: (schema, document, source, principal) => core.limiter.check(schema, document, source, limitClassOf(principal)),
    async execute(request, caller) {
      const resolved = admission.resolve({ ...request }, caller);
      if (isRefusal(resolved)) return { errors: [{ message: resolved.message, extensions: { code: resolved.refuse } }] };
      const contextValue: GatewayContext = { requestId: currentRequestId() ?? randomUUID(), ...(caller.principal ? { principal: caller.principal } : {}) };
      const response = await apollo.executeOperation<Record<string, unknown>>(resolved as OperationRequest, { contextValue });
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported here');
      return response.body.singleResult;
    },
    watch(field, org, key, deliver) {
      const spec = fields[field];
      if (!router || !spec) return undefined;
      return router.add({
        org,
        field,
        spec,
        key,
        deliver: ({ event, data }) => deliver({ id: event.id, type: event.type, org: event.orgid, data }),
      });
    },
  };
}

/** The limit class of a caller: its kind (Jarvis has the tightest limits), or anonymous. */
function limitClassOf(principal: Principal | undefined): LimitClass {
  return principal ? principal.kind : 'anonymous';
}
