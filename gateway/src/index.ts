import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import type { InternalTokens } from '@onegraph/auth';
import type { Bus } from '@onegraph/bus';
import { codedError, ErrorCode, httpStatusOf } from '@onegraph/errors';
import { apolloHandler, close, listen, maskErrors, sendError, type ListenOptions } from '@onegraph/http';
import { silentLogger, type Logger } from '@onegraph/log';
import { authorizationHeader, createAuthenticator, type AuthConfig } from './auth.ts';
import type { GatewayContext } from './context.ts';
import { IdentityForwardingSource } from './subgraph-source.ts';
import { supergraphFromFile } from './supergraph-file.ts';
import { startEventRouter, type EventRouter } from './subscriptions/event-router.ts';
import { subscriptionTopics } from './subscriptions/fields.ts';
import { useSubscriptionServer } from './subscriptions/server.ts';

export type { AuthConfig } from './auth.ts';
export type { GatewayContext } from './context.ts';

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
  /** Introspection on or off. Default on. */
  introspection?: boolean;
  /** Largest HTTP request body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  log?: Logger;
}

export interface Gateway extends AsyncDisposable {
  /** Starts serving; resolves with the base URL (`/graphql`, `/health` below it). */
  listen(options?: ListenOptions): Promise<string>;
  /** The current API schema. */
  readonly schema: GraphQLSchema | undefined;
  close(): Promise<void>;
}

/**
 * The One Graph gateway: Apollo Gateway (its query planner and executor)
 * behind Apollo Server, on a plain `node:http` server that also carries
 * graphql-ws for subscriptions on the same `/graphql` path.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.log ?? silentLogger;
  if (options.auth.mode === 'hub' && !options.internalTokens) throw new Error('hub auth needs internalTokens to forward identity');
  if (options.auth.mode === 'none') {
    log.warn('gateway: AUTHENTICATION IS OFF (--auth none): every caller is anonymous and no identity reaches the subgraphs');
  }
  const authenticate = createAuthenticator(options.auth);
  const overrides = options.subgraphUrls ?? {};

  let schema: GraphQLSchema | undefined;
  const gateway = new ApolloGateway({
    ...('path' in options.supergraph
      ? { supergraphSdl: supergraphFromFile(options.supergraph.path, log) }
      : { supergraphSdl: options.supergraph.sdl }),
    buildService: ({ name, url }) => new IdentityForwardingSource(overrides[name] ?? url ?? '', options.internalTokens),
    logger: { debug: () => {}, info: () => {}, warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.error(String(m)) },
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    schema = apiSchema;
  });

  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: maskErrors(log),
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
  });
  await apollo.start();

  let router: EventRouter | undefined;
  try {
    if (options.bus) router = await startEventRouter(options.bus, subscriptionTopics(), log);
  } catch (error) {
    await apollo.stop();
    throw error;
  }

  const graphql = apolloHandler(apollo, {
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    async context({ req }) {
      const requestId = randomUUID();
      try {
        const principal = await authenticate(authorizationHeader(req.headers));
        return { requestId, ...(principal ? { principal } : {}) };
      } catch (error) {
        const code = (error as { extensions?: { code?: ErrorCode } }).extensions?.code ?? ErrorCode.UNAUTHENTICATED;
        throw codedError(code, (error as Error).message, { http: { status: httpStatusOf[code] ?? 401 } });
      }
    },
  });

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      const ready = schema !== undefined;
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ready ? 'ok' : 'starting' }));
    } else if (path === '/graphql') {
      graphql(req, res).catch((error: unknown) => {
        log.error('gateway: request failed', { error: (error as Error).message });
        if (!res.headersSent) sendError(res, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      });
    } else {
      sendError(res, ErrorCode.NOT_FOUND, 'Not found');
    }
  });

  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: 1024 * 1024 });
  const wsServer = router
    ? useSubscriptionServer({ wss, apollo, schema: () => schema, authenticate, router, log })
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
  };
  return {
    listen: (listenOptions) => listen(server, listenOptions),
    get schema() {
      return schema;
    },
    close: closeAll,
    [Symbol.asyncDispose]: closeAll,
  };
}
