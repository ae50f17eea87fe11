import type { ExecutionArgs, GraphQLError, GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { codedError, ErrorCode } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';
import { requestIdOf } from '@onegraph/metrics';
import { failSpan, SpanKind, startSpan, withActiveSpan, withLogFields, type Span } from '@onegraph/tracing';
import type { Authenticate, CredentialKind } from '../auth.ts';
import type { GatewayContext } from '../context.ts';
import type { GatewayInstruments } from '../metrics/gateway-metrics.ts';
import { GATEWAY_TRACER } from '../tracer.ts';
import type { Caller, OperationAdmission } from '../security/operation-admission.ts';
import type { AdmittedSubscription } from './admission.ts';
import { connectionLifecycle, type ConnectionState } from './connection.ts';
import type { ConnectionWatchOptions } from './connection-expiry.ts';
import type { SubscriptionCore } from './core.ts';
import { CloseCode, forGraphqlWs } from './protocol.ts';

export type { SubscriptionOptions, SubscriptionStats } from './core.ts';

export interface SubscriptionServerOptions {
  wss: WebSocketServer;
  /** The transport-free core (core.ts) this adapter shares with the other transports. */
  core: SubscriptionCore;
  /** Authenticates a connection's credentials (its `connectionParams`, or a renewal ping's payload); throws a coded error when they fail. */
  authenticate: Authenticate;
  credentialKinds: readonly CredentialKind[];
  /** Each query or mutation over a connection counts one against the caller's rate limit, as each over HTTP does. */
  admission?: OperationAdmission | undefined;
  /** How open connections are re-verified (connection-expiry.ts). */
  connections?: ConnectionWatchOptions;
  /** How long a too-slow connection gets to complete its close handshake before it is dropped, in ms. Default 2000. */
  slowCloseGraceMs?: number | undefined;
  /** Open subscriptions one connection may have; one more is refused with TOO_MANY_SUBSCRIPTIONS. Default 100. */
  maxPerConnection?: number | undefined;
  /** Whether the upgrade request's `X-Request-Id` is taken as the connection's request id (see `GatewayOptions.trustRequestId`). Default false. */
  trustRequestId?: boolean | undefined;
  /** Where graphql-ws connections are counted (the core counts subscriptions). */
  instruments: GatewayInstruments;
  log: Logger;
}

/** What graphql-ws' `subscribe` gets in the execution context: the admitted subscription and where it is sent. */
interface SubscriptionContext extends AdmittedSubscription {
  socket: WebSocket;
  subscriptionId: string;
}

/**
 * graphql-ws on the gateway's `/graphql` path: the wiring of the connection
 * lifecycle (connection.ts) and of the transport-free core (core.ts: the
 * admission of subscribe messages, the subscription streams) to `ws`. Queries and mutations run through Apollo like HTTP ones;
 * subscriptions are fed by Bus events through the event router, and each
 * event's entity is resolved for the subscriber through the supergraph
 * (see docs/subscriptions.md).
 */
export function useSubscriptionServer(options: SubscriptionServerOptions) {
  const { core, log, instruments } = options;
  const slowCloseGraceMs = options.slowCloseGraceMs ?? 2_000;
  const maxPerConnection = options.maxPerConnection ?? 100;

  const connections = connectionLifecycle({ authenticate: options.authenticate, credentialKinds: options.credentialKinds, watch: options.connections, log });

  /** Writes a message as graphql-ws' ws adapter does: `done` once written, nothing sent on a socket that is no longer open. */
  const sendOn = (socket: WebSocket, message: Buffer, done: (error?: Error) => void) => {
    if (socket.readyState !== socket.OPEN) return done();
    // a text frame, as graphql-ws sends its strings
    socket.send(message, { binary: false }, done);
  };

  /** Tells a subscription it is cut off, then closes its connection (and drops it if the client does not read). */
  const cutOff = (socket: WebSocket, subscriptionId: string, error: GraphQLFormattedError) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify({ id: subscriptionId, type: 'error', payload: [error] }));
    socket.close(CloseCode.TryAgainLater, ErrorCode.SUBSCRIBER_TOO_SLOW);
    const timer = setTimeout(() => socket.terminate(), slowCloseGraceMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };

  // every message of a connection is served with its request id on each log line (the upgrade request's id: a trusted X-Request-Id, or a new one)
  options.wss.on('connection', (socket, request) => {
    const requestId = requestIdOf(request.headers, options.trustRequestId ?? false);
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...args: unknown[]) =>
      event === 'message' ? withLogFields({ requestId }, () => emit(event, ...args)) : emit(event, ...args)) as typeof socket.emit;
  });
  /** The SERVER span of each query or mutation over a connection, from its subscribe message to its result (tracing on). */
  const operationSpans = new WeakMap<GatewayContext, Span>();

  const server = useServer<Record<string, unknown>, ConnectionState>(
    {
      schema: () => {
        const schema = core.schema();
        if (!schema) throw new Error('supergraph not loaded');
        return schema;
      },
      onConnect: async (ctx) => {
        const accepted = await connections.connect(ctx.extra.socket, ctx.connectionParams ?? {}, ctx.extra, ctx.extra.request.socket.remoteAddress);
        if (accepted === true) {
          instruments.connectionOpened();
          ctx.extra.socket.once('close', () => instruments.connectionClosed());
        }
        return accepted;
      },
      async onPing(ctx, payload) {
        if (payload && ctx.acknowledged) await connections.renew(ctx.extra.socket, payload, ctx.extra);
      },
      async onSubscribe(ctx, subscriptionId, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
        const caller: Caller = { principal: ctx.extra.principal, credentials: ctx.extra.credentials ?? {}, address: ctx.extra.request.socket.remoteAddress };
        const open = (ctx.extra.open ??= new Map());
        // a SERVER span per operation (the core names it once admitted): a subscription's ends at its admission, a query's with its result
        const span = startSpan(GATEWAY_TRACER, 'GraphQL Operation', {
          kind: SpanKind.SERVER,
          attributes: {
            'network.protocol.name': 'websocket',
            ...(ctx.extra.request.socket.remoteAddress ? { 'client.address': ctx.extra.request.socket.remoteAddress } : {}),
          },
        });
        const verdict = await withActiveSpan(span, () =>
          core.admit({ ...payload }, caller, {
            open: () => open.size,
            max: maxPerConnection,
            opened: (release) => open.set(subscriptionId, release),
          }),
        );
        switch (verdict.kind) {
          case 'refused':
            span?.end();
            return verdict.errors;
          case 'operation': {
            // each query or mutation counts one against the caller's rate limit, as each over HTTP does
            const charge = await options.admission?.charge(caller, 1);
            if (charge?.refusal) {
              failSpan(span, new Error(charge.refusal.message), charge.refusal.refuse);
              span?.end();
              return [codedError(charge.refusal.refuse, charge.refusal.message)];
            }
            const { schema, document, variableValues, operationName, context } = verdict.execution;
            if (span) operationSpans.set(context, span);
            return { schema, document, variableValues, operationName, contextValue: context };
          }
          case 'subscription': {
            span?.end();
            const { schema, document, variableValues, operationName } = verdict.execution;
            const contextValue: SubscriptionContext = { ...verdict.subscription, socket: ctx.extra.socket, subscriptionId };
            return { schema, document, variableValues, operationName, contextValue };
          }
          default: {
            const unreachable: never = verdict;
            throw new Error(`unknown verdict ${JSON.stringify(unreachable)}`);
          }
        }
      },
      // every subscription that ran completes (by the client, its end, or its connection's close): it no longer counts
      onComplete(ctx, subscriptionId) {
        const release = ctx.extra.open?.get(subscriptionId);
        if (release === undefined) return;
        ctx.extra.open!.delete(subscriptionId);
        release();
      },
      subscribe: (args) => {
        // what onSubscribe returned for a subscription: graphql-ws hands the context back untyped
        const subscription = args.contextValue as SubscriptionContext;
        return core.stream(subscription, {
          socket: subscription.socket,
          onTooSlow: (error) => cutOff(subscription.socket, subscription.subscriptionId, error),
          // each payload serialised once for every subscriber sharing its resolution, not once per subscriber by graphql-ws
          push: { subscriptionId: subscription.subscriptionId, send: (message, done) => sendOn(subscription.socket, message, done) },
        });
      },
      execute: async (args) => {
        const context = args.contextValue as GatewayContext;
        const span = operationSpans.get(context);
        const result = await withActiveSpan(span, () =>
          core.execute(
            { document: args.document, variableValues: (args.variableValues ?? {}) as Record<string, unknown>, operationName: args.operationName ?? null },
            context,
          ),
        ).finally(() => span?.end());
        // Apollo's result is already formatted (masked) for clients: sent as it is
        return forGraphqlWs(result);
      },
    },
    options.wss,
  );
  return {
    async dispose() {
      await server.dispose();
    },
  };
}
