import { once } from 'node:events';
import { createServer } from 'node:http';
import { createCompanyCheck } from './features/portal/crm-companies.ts';
import { createTxtLookup } from './features/portal/dns.ts';
import { createDealTermsReader } from './features/books/crm-deals.ts';
import Fastify, { type FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { INTERNAL_TOKEN_HEADER, type InternalTokens, type Principal, enforceAuthorization } from '@onegraph/auth';
import { createBooksClient, createPortalClient, noEndpoints, psaClientFrom, type OneStackEndpoints } from '@onegraph/onestack-clients';
import type { Bus } from '@onegraph/bus';
import { loadMigrations, migrate, openDb, type Db, type PoolOptions } from '@onegraph/db';
import { ErrorCode, httpStatusOf, isClientSafe } from '@onegraph/errors';
import { drainable, nameOperationSpan, tracedRequest, type ListenOptions } from '@onegraph/http';
import { tracingActive } from '@onegraph/tracing';
import {
  databaseChecks,
  httpServerMetrics,
  REQUEST_ID_HEADER,
  requestLog,
  meteredBus,
  noopMetrics,
  observePool,
  readyRoute,
  statementObserver,
  type Metrics,
} from '@onegraph/metrics';
import { silentLogger, type Logger } from '@onegraph/log';
import { subgraphSdl } from '@onegraph/schema';
import { consumerMigrations, type RunningConsumers } from '@onegraph/consumers';
import { integrationsConsumerRuntime, type IntegrationsConsumerRetries } from './consumers.ts';
import type { IntegrationsContext } from './context.ts';
import { registerVerifyRoute } from './features/keys/verify-route.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers.ts';

export type { ConsumerRetryOptions } from './core/retry-options.ts';
export type { IntegrationsConsumerRetries } from './consumers.ts';
export { seedDemoIntegrationKeys } from './features/keys/demo.ts';
export { demoPortalScopes, seedDemoPortalIntegrationKeys } from './features/keys/demo-portal.ts';
export { VERIFY_PATH as INTEGRATION_KEY_VERIFY_PATH, type VerifiedIntegrationKey } from './features/keys/verify-route.ts';

export interface IntegrationsSubgraphOptions {
  bus: Bus;
  internalTokens: InternalTokens;
  databaseUrl?: string | undefined;
  /** The PostgreSQL connection pool (size, timeouts); `DEFAULT_POOL` of @onegraph/db for what is not given. */
  databasePool?: PoolOptions | undefined;
  dataDir?: string | undefined;
  /** The other products' APIs (PSA, Books, Portal, Microsoft Graph) and the keys to call them with. */
  products?: OneStackEndpoints;
  /**
   * Retries of the consumers that call another product while it is down:
   * `dealWonPsa` (default 6 attempts from 500 ms, about 15 s) and
   * `booksBilling` (default 10 attempts from 250 ms, about two minutes).
   */
  consumerRetries?: IntegrationsConsumerRetries;
  /**
   * The DNS servers (`host` or `host:port`) that verify custom portal
   * domains' TXT records (`PORTAL_DNS_SERVERS`). Default: the system's.
   */
  dnsServers?: readonly string[] | undefined;
  /**
   * The crm subgraph's GraphQL URL (`CRM_SUBGRAPH_URL`), asked whether a
   * company exists in the caller's organisation before its portal is set
   * up, and for a won deal's terms when they change (Books amendments).
   * Without it portal settings cannot be changed (SERVICE_UNAVAILABLE) and
   * amendments wait (retried, then dead-lettered).
   */
  crmUrl?: string | undefined;
  /** Where the subgraph's metrics are recorded, served at `/metrics` (docs/observability.md). Default: not recorded, no `/metrics`. */
  metrics?: Metrics;
  log?: Logger;
}

export interface IntegrationsSubgraph extends AsyncDisposable {
  readonly db: Db;
  listen(options?: ListenOptions): Promise<string>;
  /**
   * The first step of a graceful shutdown: `/ready` answers 503 and every response carries `Connection: close`, so a
   * load balancer sends new work elsewhere while this instance still serves. `close()` is the second step.
   */
  drain(): void;
  /** Stops: no new connections, the requests in flight finished, the consumers committed and out of their groups, the database closed. */
  close(): Promise<void>;
}

const principals = new WeakMap<FastifyRequest, Principal>();

/** The instrumentation scope (tracer name) of integrations' spans. */
const INTEGRATIONS_TRACER = '@onegraph/integrations-subgraph';

/**
 * The integrations subgraph: mercurius on Fastify. Its schema is built with
 * `@apollo/subgraph` from the Federation 2 SDL in `schema/subgraphs/`, so
 * composition and `_entities` follow Apollo's Federation 2 semantics
 * (mercurius' own federation plugin speaks Federation 1).
 */
export async function createIntegrationsSubgraph(options: IntegrationsSubgraphOptions): Promise<IntegrationsSubgraph> {
  const log = options.log ?? silentLogger;
  const metrics = options.metrics ?? noopMetrics;
  const db = await openDb({
    url: options.databaseUrl,
    dataDir: options.dataDir,
    schema: 'integrations',
    pool: options.databasePool,
    ...(options.metrics ? { observe: statementObserver(options.metrics, 'integrations') } : {}),
  });
  const migrations = await loadMigrations(new URL('./migrations/', import.meta.url));
  await migrate(db, migrations, [await consumerMigrations()]);
  if (options.metrics) observePool(options.metrics, db, 'integrations');
  // the Bus as this service uses it, measured
  const bus = meteredBus(options.bus, metrics);

  const products = options.products ?? noEndpoints;
  const portal = createPortalClient(products);
  const dnsTxt = createTxtLookup(options.dnsServers);
  const companyExists = createCompanyCheck(options.crmUrl, options.internalTokens);
  const books = createBooksClient(products);
  const consumerRuntime = integrationsConsumerRuntime({
    db,
    psa: psaClientFrom(options.products),
    books,
    dealTerms: createDealTermsReader(options.crmUrl, options.internalTokens),
    retries: options.consumerRetries,
    log,
    metrics: options.metrics,
  });

  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    // with tracing on, each /graphql request is a SERVER span continuing the gateway's trace
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (!tracingActive() || !req.url?.startsWith('/graphql')) return handler(req, res);
        void tracedRequest(INTEGRATIONS_TRACER, req, res, () => {
          const finished = once(res, 'close').then(() => undefined);
          handler(req, res);
          return finished;
        });
      }),
  });
  app.get('/health', async () => ({ status: 'ok' }));
  const drain = drainable(app.server);
  const ready = readyRoute(() => [
    { name: 'shutdown', check: () => drain.check() },
    ...databaseChecks(db, migrations.length),
    ...bus.readinessChecks(consumerRuntime.names),
  ]);
  app.get('/ready', (request, reply) => {
    reply.hijack();
    return ready.handle(request.raw, reply.raw);
  });
  if (options.metrics) {
    const scrape = options.metrics;
    const measure = httpServerMetrics(scrape, ['/graphql', '/health', '/ready', '/metrics']);
    app.addHook('onRequest', async (request, reply) => measure(request.raw, reply.raw));
    app.get('/metrics', (request, reply) => {
      reply.hijack();
      scrape.handle(request.raw, reply.raw);
    });
  }
  registerVerifyRoute(app, db, options.internalTokens, log);
  app.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql') return;
    const header = request.headers[INTERNAL_TOKEN_HEADER];
    try {
      principals.set(request, await options.internalTokens.verify(Array.isArray(header) ? header[0] : header));
    } catch (error) {
      return reply
        .code(httpStatusOf[ErrorCode.UNAUTHENTICATED])
        .send({ errors: [{ message: (error as Error).message, extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
    }
  });
  await app.register(mercurius, {
    // every field is checked against the @requiresScopes/@authenticated rules of the SDL
    schema: enforceAuthorization(
      buildSubgraphSchema([{ typeDefs: parse(subgraphSdl('integrations')), resolvers: resolvers as never }]),
      (context) => (context as Partial<IntegrationsContext>).principal,
    ),
    path: '/graphql',
    graphiql: false,
    context: (request): IntegrationsContext => {
      const principal = principals.get(request)!;
      return {
        principal,
        org: principal.org,
        db,
        loaders: createLoaders(db, principal.org),
        log: requestLog(log, request.headers[REQUEST_ID_HEADER]),
        portal,
        dnsTxt,
        companyExists,
        consumers: consumerRuntime,
      };
    },
    errorFormatter: (execution, context) => {
      const formatted = mercurius.defaultErrorFormatter(execution, context);
      const errors = (execution.errors ?? []).map((error) => {
        if (isClientSafe(error.originalError ?? error) || isClientSafe(error)) return error.toJSON();
        log.error('integrations: unexpected error', { message: error.message, path: error.path });
        return {
          message: 'Internal server error',
          ...(error.path ? { path: error.path } : {}),
          extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
        };
      });
      return { statusCode: formatted.statusCode, response: { data: execution.data ?? null, errors } };
    },
  });

  app.graphql.addHook('preExecution', async (_schema, document, context) => {
    const body = context.reply.request.body as { operationName?: unknown } | undefined;
    nameOperationSpan(document, typeof body?.operationName === 'string' ? body.operationName : undefined);
  });

  let consumers: RunningConsumers;
  try {
    consumers = await consumerRuntime.start(bus);
  } catch (error) {
    await app.close();
    await db.close();
    throw error;
  }
  let closed = false;
  const closeAll = async () => {
    if (closed) return;
    closed = true;
    // drained first (SIGTERM): connections end without racing their clients (Fastify then finds the server closed)
    if (drain.draining) await drain.stop();
    drain.begin();
    await app.close();
    await consumers.stop();
    await db.close();
  };
  return {
    db,
    async listen(listenOptions = {}) {
      const host = listenOptions.host ?? '127.0.0.1';
      await app.listen({ port: listenOptions.port ?? 0, host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      return `http://${host}:${port}/graphql`;
    },
    drain: () => drain.begin(),
    close: closeAll,
    [Symbol.asyncDispose]: closeAll,
  };
}
