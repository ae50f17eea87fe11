import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import type { DocumentNode, ExecutionArgs, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Principal } from '@onegraph/auth';
import type { Bus } from '@onegraph/bus';
import { codedError, ErrorCode } from '@onegraph/errors';
import { isRefusal, type RequestRefusal } from '@onegraph/http';
import type { Logger } from '@onegraph/log';
import type { GatewayInstruments } from '../metrics/gateway-metrics.ts';
import type { Authenticate, CredentialKind } from '../auth.ts';
import type { GatewayContext } from '../context.ts';
import { callerKey, type Caller, type OperationAdmission } from '../security/operation-admission.ts';
import { createAdmission, type AdmittedSubscription, type SubscribeMessage } from './admission.ts';
import { BatchResolver } from './batch-resolution.ts';
import { connectionLifecycle, type ConnectionState } from './connection.ts';
import type { ConnectionWatchOptions } from './connection-expiry.ts';
import { holdEarlyEvents } from './early-events.ts';
import type { EventRouter, RoutedEvent } from './event-router.ts';
import type { SubscriptionFieldSpec } from './field-spec.ts';
import { CloseCode, forGraphqlWs, type Payload } from './protocol.ts';
import { resumePoint } from './resume.ts';
import { createSharedResolutions } from './shared-resolution.ts';
import { SubscriptionStream, type StreamLimits } from './subscription-stream.ts';

/** Subscription limits and tuning; every option has a default. */
export interface SubscriptionOptions {
  /** Events a subscriber may have waiting (received, not yet sent) before it is cut off with SUBSCRIBER_TOO_SLOW. Default 1000. */
  maxBufferedEvents?: number;
  /** Bytes a subscriber's socket may hold unsent before it is cut off with SUBSCRIBER_TOO_SLOW. Default 4 MiB. */
  maxBufferedBytes?: number;
  /** How long a replay waits for a subscriber to take the events already replayed before cutting it off, in ms. Default 10 000. */
  replayStallMs?: number;
  /** How long an event's resolution is shared by subscribers of the same selection and scope, in ms. Default 5000. */
  sharedResolutionMs?: number;
  /** How long a too-slow connection gets to complete its close handshake before it is dropped, in ms. Default 2000. */
  slowCloseGraceMs?: number;
  /** Most events whose entities are resolved in one operation (per selection and scope); 1 resolves each alone. Default 16. */
  maxBatchSize?: number;
  /** Open subscriptions one connection may have; one more is refused with TOO_MANY_SUBSCRIPTIONS. Default 100. */
  maxPerConnection?: number;
  /** Open subscriptions one caller (user or key) may have across its connections on this instance; one more is refused with TOO_MANY_SUBSCRIPTIONS. Default 500. */
  maxPerCaller?: number;
}

/** Counters of the fan-out since the start. */
export interface SubscriptionStats {
  /** Event resolutions run (one per event and selection and scope, while recent: shared-resolution.ts). */
  resolutions: number;
  /** Subscribers' events that took a resolution another subscriber's event had run. */
  sharedResolutions: number;
  /** Operations run to resolve them (batch-resolution.ts), and the events they resolved. */
  batches: number;
  batchedEvents: number;
}

export interface SubscriptionServerOptions extends SubscriptionOptions {
  wss: WebSocketServer;
  apollo: ApolloServer<GatewayContext>;
  /** The current API schema (it changes when the supergraph reloads). */
  schema: () => GraphQLSchema | undefined;
  /** The subscription fields served, and how each is fed. */
  fields: Readonly<Record<string, SubscriptionFieldSpec>>;
  /** Authenticates a connection's credentials (its `connectionParams`, or a renewal ping's payload); throws a coded error when they fail. */
  authenticate: Authenticate;
  credentialKinds: readonly CredentialKind[];
  /** The operation limits of the caller's class (as over HTTP): the errors of an operation over them. */
  checkLimits?: (schema: GraphQLSchema, document: DocumentNode, source: string, principal: Principal | undefined) => readonly GraphQLError[];
  /** Validation errors without "Did you mean …" suggestions (introspection off). Default false. */
  hideSuggestions?: boolean | undefined;
  /** The admission every operation goes through, as over HTTP: persisted operations, and each query or mutation counted against the caller's rate limit. */
  admission?: OperationAdmission | undefined;
  /** How open connections are re-verified (connection-expiry.ts). */
  connections?: ConnectionWatchOptions;
  router: EventRouter;
  /** Where connections, subscriptions, pushes, cut-offs and resumes are counted. */
  instruments: GatewayInstruments;
  /** Where missed events are replayed from. */
  bus: Bus;
  log: Logger;
}

/** What graphql-ws' `subscribe` gets in the execution context: the admitted subscription and where it is sent. */
interface SubscriptionContext extends AdmittedSubscription {
  socket: WebSocket;
  subscriptionId: string;
}

/**
 * graphql-ws on the gateway's `/graphql` path: the wiring of the connection
 * lifecycle (connection.ts), the admission of subscribe messages
 * (admission.ts) and the subscription streams (subscription-stream.ts) to
 * `ws`. Queries and mutations run through Apollo like HTTP ones;
 * subscriptions are fed by Bus events through the event router, and each
 * event's entity is resolved for the subscriber through the supergraph
 * (see docs/subscriptions.md).
 */
export function useSubscriptionServer(options: SubscriptionServerOptions) {
  const { apollo, log, router, bus, instruments } = options;
  const limits: StreamLimits = {
    maxBufferedEvents: options.maxBufferedEvents ?? 1000,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    replayStallMs: options.replayStallMs ?? 10_000,
  };
  const slowCloseGraceMs = options.slowCloseGraceMs ?? 2_000;
  const maxPerConnection = options.maxPerConnection ?? 100;
  const maxPerCaller = options.maxPerCaller ?? 500;
  /** Open subscriptions per caller key, across connections. */
  const openPerCaller = new Map<string, number>();
  /** The field of each open subscription, per connection and graphql-ws subscription id (ids are unique per connection only). */
  const fieldsOf = new WeakMap<ConnectionState, Map<string, string>>();
  const refusedWith = (refusal: RequestRefusal): readonly GraphQLError[] => [codedError(refusal.refuse, refusal.message)];
  const shared = createSharedResolutions<Payload>(options.sharedResolutionMs ?? 5_000);
  const batches = new BatchResolver();

  const run = async (request: Parameters<typeof apollo.executeOperation>[0], contextValue: GatewayContext): Promise<Payload> => {
    const response = await apollo.executeOperation<Record<string, unknown>>(request, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported over graphql-ws');
    return response.body.singleResult;
  };

  const connections = connectionLifecycle({ authenticate: options.authenticate, credentialKinds: options.credentialKinds, watch: options.connections, log });
  const admission = createAdmission({
    schema: options.schema,
    fields: options.fields,
    checkLimits: options.checkLimits,
    run: (query, variables, context) => run({ query, variables }, context),
    resumePoint: (extensions, spec, org) => resumePoint(bus, extensions, spec, org),
    hold: (subscriber) => holdEarlyEvents(router, subscriber, limits.maxBufferedEvents),
    maxBatchSize: options.maxBatchSize,
    sharedResolutionMs: options.sharedResolutionMs,
    hideSuggestions: options.hideSuggestions,
    log,
  });

  /**
   * An event's payload for a subscriber: resolved once per selection and
   * scope (shared), together with the other events of the same fetch for
   * that selection and scope (batched).
   */
  const resolveFor = (subscription: AdmittedSubscription) => {
    const runBatch = (query: string, variables: Record<string, unknown>, operationName: string | undefined) =>
      // the forwarded identity is signed once per principal and reused (fetch/identity-tokens.ts), not per resolution
      run({ query, variables, ...(operationName ? { operationName } : {}) }, { requestId: randomUUID(), principal: subscription.principal, internal: true });
    return (routed: RoutedEvent): Promise<Payload> => {
      const id = subscription.spec.entityId(routed.data);
      if (!id) return Promise.resolve({ data: null });
      return shared.get(`${routed.event.id}\u0000${subscription.shareKey}`, () =>
        batches.resolve(subscription.shareKey, subscription.template, subscription.variables, runBatch, id),
      );
    };
  };

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

  const server = useServer<Record<string, unknown>, ConnectionState>(
    {
      schema: () => {
        const schema = options.schema();
        if (!schema) throw new Error('supergraph not loaded');
        return schema;
      },
      onConnect: async (ctx) => {
        const accepted = await connections.connect(ctx.extra.socket, ctx.connectionParams ?? {}, ctx.extra);
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
        // persisted operations, as over HTTP: a subscribe payload may name its operation by hash (with an empty query)
        const resolved = options.admission ? options.admission.resolve({ ...payload }, caller) : payload;
        if (isRefusal(resolved)) return refusedWith(resolved);
        const admitted = await admission.admit(resolved as unknown as SubscribeMessage, ctx.extra.principal);
        switch (admitted.kind) {
          case 'refused':
            return admitted.errors;
          case 'operation': {
            // each query or mutation counts one against the caller's rate limit, as each over HTTP does
            const charge = await options.admission?.charge(caller, 1);
            if (charge?.refusal) return refusedWith(charge.refusal);
            const { schema, document, variableValues, operationName, context } = admitted.execution;
            return { schema, document, variableValues, operationName, contextValue: context };
          }
          case 'subscription': {
            const open = (ctx.extra.open ??= new Map());
            const key = callerKey(caller);
            const byCaller = openPerCaller.get(key) ?? 0;
            if (open.size >= maxPerConnection || byCaller >= maxPerCaller) {
              admitted.subscription.early.stop();
              const cap = open.size >= maxPerConnection ? `${maxPerConnection} per connection` : `${maxPerCaller} per caller`;
              return [codedError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `Too many open subscriptions (at most ${cap}): complete one first`)];
            }
            open.set(subscriptionId, key);
            let fields = fieldsOf.get(ctx.extra);
            if (!fields) fieldsOf.set(ctx.extra, (fields = new Map()));
            fields.set(subscriptionId, admitted.subscription.field);
            instruments.subscriptionOpened(admitted.subscription.field);
            if (admitted.subscription.resume) instruments.resumed(admitted.subscription.field);
            openPerCaller.set(key, byCaller + 1);
            const { schema, document, variableValues, operationName } = admitted.execution;
            const contextValue: SubscriptionContext = { ...admitted.subscription, socket: ctx.extra.socket, subscriptionId };
            return { schema, document, variableValues, operationName, contextValue };
          }
          default: {
            const unreachable: never = admitted;
            throw new Error(`unknown admission ${JSON.stringify(unreachable)}`);
          }
        }
      },
      // every subscription that ran completes (by the client, its end, or its connection's close): it no longer counts
      onComplete(ctx, subscriptionId) {
        const key = ctx.extra.open?.get(subscriptionId);
        if (key === undefined) return;
        ctx.extra.open!.delete(subscriptionId);
        const field = fieldsOf.get(ctx.extra)?.get(subscriptionId);
        fieldsOf.get(ctx.extra)?.delete(subscriptionId);
        if (field) instruments.subscriptionClosed(field);
        const left = (openPerCaller.get(key) ?? 1) - 1;
        if (left > 0) openPerCaller.set(key, left);
        else openPerCaller.delete(key);
      },
      subscribe: (args) => {
        // what onSubscribe returned for a subscription: graphql-ws hands the context back untyped
        const subscription = args.contextValue as SubscriptionContext;
        return new SubscriptionStream({
          subscriber: { org: subscription.principal.org, field: subscription.field, spec: subscription.spec, key: subscription.key },
          router,
          bus,
          resolve: resolveFor(subscription),
          responseKey: subscription.responseKey,
          resume: subscription.resume,
          early: subscription.early,
          limits,
          socket: subscription.socket,
          onTooSlow: (error) => {
            instruments.cutOffTooSlow(subscription.field);
            cutOff(subscription.socket, subscription.subscriptionId, error);
          },
          // each payload serialised once for every subscriber sharing its resolution, not once per subscriber by graphql-ws
          push: {
            subscriptionId: subscription.subscriptionId,
            send: (message, done) =>
              sendOn(subscription.socket, message, (error) => {
                if (!error) instruments.pushed(subscription.field);
                done(error);
              }),
          },
          log: log.child({ requestId: subscription.requestId }),
        });
      },
      execute: async (args) => {
        const result = await run(
          {
            query: args.document,
            variables: (args.variableValues ?? {}) as Record<string, unknown>,
            ...(args.operationName ? { operationName: args.operationName } : {}),
          },
          args.contextValue as GatewayContext,
        );
        // Apollo's result is already formatted (masked) for clients: sent as it is
        return forGraphqlWs(result);
      },
    },
    options.wss,
  );
  return {
    stats: (): SubscriptionStats => ({
      resolutions: shared.stats.resolved,
      sharedResolutions: shared.stats.shared,
      batches: batches.stats.batches,
      batchedEvents: batches.stats.events,
    }),
    async dispose() {
      shared.stop();
      admission.stop();
      await server.dispose();
    },
  };
}
