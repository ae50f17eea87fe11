import { createServer } from 'node:http';
import { parse } from 'graphql';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { INTERNAL_TOKEN_HEADER, type InternalTokens, enforceAuthorization } from '@onegraph/auth';
import { createHubClient, createPortalClient, psaClientFrom, type OneStackEndpoints } from '@onegraph/onestack-clients';
import { createHubUserLoader } from './features/deals/owners.ts';
import { startDailyHealth, type DailyHealth } from './features/health/daily.ts';
import { systemClock, type Clock } from './core/clock.ts';
import type { Bus } from '@onegraph/bus';
import { loadMigrations, migrate, openDb, type Db, type PoolOptions } from '@onegraph/db';
import { codedError, ErrorCode } from '@onegraph/errors';
import { apolloHandler, close, drainable, graphqlSpanPlugin, listen, maskErrors, sendError, type ListenOptions } from '@onegraph/http';
import {
  databaseChecks,
  httpServerMetrics,
  REQUEST_ID_HEADER,
  requestLog,
  meteredBus,
  metricsRoute,
  noopMetrics,
  observePool,
  readyRoute,
  statementObserver,
  type Metrics,
} from '@onegraph/metrics';
import { silentLogger, type Logger } from '@onegraph/log';
import { subgraphSdl } from '@onegraph/schema';
import { consumerMigrations, type RunningConsumers } from '@onegraph/consumers';
import { crmConsumerRuntime } from './consumers.ts';
import type { M365Apps } from './features/m365/app-credentials.ts';
import { createGraphClient } from './features/m365/graph-client.ts';
import { createGraphTokenSource } from './features/m365/graph-tokens.ts';
import { startM365Sync, type M365Sync } from './features/m365/sync.ts';
import type { CrmContext } from './core/context.ts';
import { createLoaders } from './loaders.ts';
import { observeOutbox } from './core/outbox-metrics.ts';
import { startOutboxRelay, type OutboxRelay } from './core/outbox-relay.ts';
import { resolvers } from './resolvers.ts';
import { seedDemoData } from './seed.ts';

export { parseM365AppCredentials, type M365App, type M365Apps } from './features/m365/app-credentials.ts';
export { createGraphClient, type GraphClient } from './features/m365/graph-client.ts';
export { createGraphTokenSource, DEFAULT_M365_LOGIN_URL, type GraphTokenSource, type GraphTokenSourceOptions } from './features/m365/graph-tokens.ts';
export { startM365Sync, type M365Sync, type M365SyncOptions } from './features/m365/sync.ts';
export type { Clock } from './core/clock.ts';
export type { DailyHealth } from './features/health/daily.ts';

/** The instrumentation scope (tracer name) of crm's spans. */
const CRM_TRACER = '@onegraph/crm-subgraph';

export interface CrmSubgraphOptions {
  bus: Bus;
  internalTokens: InternalTokens;
  /** PostgreSQL URL; without one, PGlite in `dataDir` (in memory when that is unset too). */
  databaseUrl?: string | undefined;
  /** The PostgreSQL connection pool (size, timeouts); `DEFAULT_POOL` of @onegraph/db for what is not given. */
  databasePool?: PoolOptions | undefined;
  dataDir?: string | undefined;
  seedDemoData?: boolean;
  /** Outbox poll interval in ms (the relay is also woken on every commit). Default 500. */
  outboxPollMs?: number;
  /** The other products' APIs (PSA, Books, Portal, Microsoft Graph) and the keys to call them with. */
  products?: OneStackEndpoints;
  /** How often connected M365 mailboxes are synced, in ms (`M365_SYNC_INTERVAL_MS`). Default 300 000 (5 minutes). */
  m365SyncIntervalMs?: number;
  /**
   * Each organisation's Microsoft Entra app registration, which signs in to
   * Microsoft Graph (`M365_APP_CREDENTIALS`). An organisation without one
   * cannot connect mailboxes or send email. Default none.
   */
  m365Apps?: M365Apps;
  /** The Microsoft identity platform's URL (`M365_LOGIN_URL`). Default `https://login.microsoftonline.com`. */
  m365LoginUrl?: string;
  /** When every company's health is recomputed each day, in minutes after midnight UTC (`HEALTH_RECOMPUTE_AT`). Default 120 (02:00). */
  healthRecomputeAtMinuteUtc?: number;
  /** The clock of scheduled work (the daily health recomputation, the M365 sync rounds). Default the system's; tests move their own. */
  clock?: Clock;
  /** Where the subgraph's metrics are recorded, served at `/metrics` (docs/observability.md). Default: not recorded, no `/metrics`. */
  metrics?: Metrics;
  log?: Logger;
}

export interface CrmSubgraph extends AsyncDisposable {
  readonly db: Db;
  readonly relay: OutboxRelay;
  /** The M365 email sync worker (stopped with the subgraph). */
  readonly m365: M365Sync;
  /** The daily health recomputation (stopped with the subgraph). */
  readonly dailyHealth: DailyHealth;
  /** Starts serving HTTP; resolves with the GraphQL endpoint URL. */
  listen(options?: ListenOptions): Promise<string>;
  /**
   * The first step of a graceful shutdown: `/ready` answers 503 and every response carries `Connection: close`, so a
   * load balancer sends new work elsewhere while this instance still serves. `close()` is the second step.
   */
  drain(): void;
  /**
   * Stops: no new connections, the requests in flight finished, the consumers committed and out of their groups, the
   * relay's batch published (another instance's relay takes the lead), then the database closed.
   */
  close(): Promise<void>;
}

/**
 * The crm subgraph: Apollo Server with the crm SDL, its PostgreSQL store
 * (migrated at start), the Bus consumers (PSA, Portal and Voice events), the
 * M365 mail sync and the outbox relay.
 */
export async function createCrmSubgraph(options: CrmSubgraphOptions): Promise<CrmSubgraph> {
  const log = options.log ?? silentLogger;
  const metrics = options.metrics ?? noopMetrics;
  const db = await openDb({
    url: options.databaseUrl,
    dataDir: options.dataDir,
    schema: 'crm',
    pool: options.databasePool,
    ...(options.metrics ? { observe: statementObserver(options.metrics, 'crm') } : {}),
  });
  const migrations = await loadMigrations(new URL('./migrations/', import.meta.url));
  await migrate(db, migrations, [await consumerMigrations()]);
  if (options.metrics) {
    observePool(options.metrics, db, 'crm');
    observeOutbox(options.metrics, db);
  }
  // the Bus as this service uses it, measured
  const bus = meteredBus(options.bus, metrics);
  if (options.seedDemoData) await seedDemoData(db);

  const apollo = new ApolloServer<CrmContext>({
    // main.ts alone handles signals: Apollo's own SIGTERM handler would stop it mid-drain and re-raise the signal (killing the process)
    stopOnTerminationSignals: false,
    // every field is checked against the @requiresScopes/@authenticated rules of the SDL
    schema: enforceAuthorization(
      buildSubgraphSchema([{ typeDefs: parse(subgraphSdl('crm')), resolvers: resolvers as never }]),
      (context) => (context as Partial<CrmContext>).principal,
    ),
    formatError: maskErrors(log),
    includeStacktraceInErrorResponses: false,
    // traces are for Apollo's hosted router; our gateway does not read them
    plugins: [ApolloServerPluginInlineTraceDisabled(), graphqlSpanPlugin({ tracer: CRM_TRACER })],
  });
  await apollo.start();

  const relay = startOutboxRelay({ db, bus, log, ...(options.outboxPollMs ? { pollMs: options.outboxPollMs } : {}) });
  const products = options.products;
  const portal = products ? createPortalClient(products) : undefined;
  const m365 = startM365Sync({
    db,
    graph: products?.graph
      ? createGraphClient({
          baseUrl: products.graph,
          endpoints: products,
          tokens: createGraphTokenSource({
            apps: options.m365Apps ?? {},
            ...(options.m365LoginUrl !== undefined ? { loginUrl: options.m365LoginUrl } : {}),
            ...(products.timeoutMs !== undefined ? { timeoutMs: products.timeoutMs } : {}),
          }),
        })
      : undefined,
    ...(options.m365SyncIntervalMs !== undefined ? { intervalMs: options.m365SyncIntervalMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    log,
    onOutbox: () => relay.wake(),
  });
  const dailyHealth = startDailyHealth({
    db,
    clock: options.clock ?? systemClock,
    outbox: relay,
    log,
    ...(options.healthRecomputeAtMinuteUtc !== undefined ? { atMinuteUtc: options.healthRecomputeAtMinuteUtc } : {}),
  });
  const consumerRuntime = crmConsumerRuntime(db, relay, log, metrics);
  let consumers: RunningConsumers;
  try {
    consumers = await consumerRuntime.start(bus);
  } catch (error) {
    await dailyHealth.stop();
    await m365.stop();
    await relay.stop();
    await apollo.stop();
    await db.close();
    throw error;
  }

  const psa = psaClientFrom(options.products);
  const hub = products ? createHubClient(products) : undefined;
  const graphql = apolloHandler(apollo, {
    tracer: CRM_TRACER,
    async context({ req }) {
      const header = req.headers[INTERNAL_TOKEN_HEADER];
      try {
        const principal = await options.internalTokens.verify(Array.isArray(header) ? header[0] : header);
        return {
          principal,
          org: principal.org,
          db,
          loaders: createLoaders(db, principal.org),
          // the gateway's request id on every line logged for the request
          log: requestLog(log, req.headers[REQUEST_ID_HEADER]),
          consumers: consumerRuntime,
          outbox: relay,
          m365,
          psa,
          portal,
          hub,
          hubUsers: createHubUserLoader(hub, principal.org),
        };
      } catch (error) {
        throw codedError(ErrorCode.UNAUTHENTICATED, (error as Error).message, { http: { status: 401 } });
      }
    },
  });
  // set once the server exists: the readiness check reads it
  let shutdown: { check(): string | undefined } = { check: () => undefined };
  const ready = readyRoute(() => [
    { name: 'shutdown', check: () => shutdown.check() },
    ...databaseChecks(db, migrations.length),
    ...bus.readinessChecks(consumerRuntime.names),
  ]);
  const scrape = options.metrics ? metricsRoute(options.metrics) : undefined;
  const measure = options.metrics ? httpServerMetrics(options.metrics, ['/graphql', '/health', '/ready', '/metrics']) : undefined;
  const server = createServer((req, res) => {
    measure?.(req, res);
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/ready') {
      void ready.handle(req, res);
    } else if (path === '/metrics' && scrape) {
      void scrape.handle(req, res);
    } else if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (path === '/graphql') {
      graphql(req, res).catch((error: unknown) => {
        log.error('crm: request failed', { error: (error as Error).message });
        if (!res.headersSent) sendError(res, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      });
    } else {
      sendError(res, ErrorCode.NOT_FOUND, 'Not found');
    }
  });

  const drain = drainable(server);
  shutdown = drain;

  let closed = false;
  const closeAll = async () => {
    if (closed) return;
    closed = true;
    // drained first (SIGTERM): connections end without racing their clients; else at once
    const drained = drain.draining;
    drain.begin();
    await (drained ? drain.stop() : close(server));
    await consumers.stop();
    await dailyHealth.stop();
    await m365.stop();
    await relay.stop();
    await apollo.stop();
    await db.close();
  };
  return {
    db,
    relay,
    m365,
    dailyHealth,
    listen: async (listenOptions) => `${await listen(server, listenOptions)}/graphql`,
    drain: () => drain.begin(),
    close: closeAll,
    [Symbol.asyncDispose]: closeAll,
  };
}
