import { randomUUID } from 'node:crypto';
import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getVariableValues,
  parse,
  print,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { ApolloServer } from '@apollo/server';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import { hasPermission, type Principal } from '@onegraph/auth';
import type { Bus } from '@onegraph/bus';
import { codedError, ErrorCode } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';
import type { GatewayContext } from '../context.ts';
import { CREDENTIALS_EXPIRED_CLOSE_CODE, type ConnectionWatch } from '../security/connection-expiry.ts';
import { connectionCredentials, RENEWAL_FORBIDDEN_CLOSE_CODE, sameIdentity, type ConnectionCredentials } from '../security/connection-renewal.ts';
import type { EventCursor } from './cursor.ts';
import { resumePoint } from './resume.ts';
import { BatchResolver, batchQuery, type BatchTemplate } from './batch-resolution.ts';
import { ENTITY_ID_VARIABLE, entityQuery, subscriptionRoot } from './entity-query.ts';
import type { EventRouter, RoutedEvent } from './event-router.ts';
import { holdEarlyEvents, type EarlyEvents } from './early-events.ts';
import { subscriptionFields, type SubscriptionFieldSpec } from './fields.ts';
import { stableStringify } from '../stable-stringify.ts';
import { createSharedResolutions } from './shared-resolution.ts';
import { SubscriptionStream, type Payload, type StreamLimits } from './subscription-stream.ts';

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
}

export type { ConnectionCredentials };

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
  /** Authenticates the connection's credentials (`connectionParams.authorization`, or its `x-integration-key`); throws a coded error when it fails. */
  authenticate: (authorization: string | undefined, integrationKey?: string) => Promise<Principal | undefined>;
  /** The operation limits of the caller's class (as over HTTP): the errors of a subscription over them. */
  checkLimits?: (schema: GraphQLSchema, document: DocumentNode, source: string, principal: Principal | undefined) => readonly GraphQLError[];
  /** Ends a connection when its credentials expire or stop verifying (security/connection-expiry.ts); renewals go to what it returns. */
  watchConnection?: (socket: WebSocket, principal: Principal, credentials: ConnectionCredentials) => ConnectionWatch | undefined;
  router: EventRouter;
  /** Where missed events are replayed from. */
  bus: Bus;
  log: Logger;
}

/**
 * The WebSocket close code of a connection cut off for being too slow:
 * 1013 "Try Again Later". graphql-ws clients retry on it (it is not one of
 * their fatal codes), so a client that keeps its last cursor in its
 * subscribe payload resumes without a gap.
 */
export const SLOW_CLOSE_CODE = 1013;

// a type alias, not an interface: graphql-ws wants an index-signature-compatible record
type ConnectionExtra = { principal?: Principal; watch?: ConnectionWatch | undefined };

/** What `onSubscribe` prepares for `subscribe`, carried in the execution context. */
interface PreparedSubscription extends GatewayContext {
  principal: Principal;
  field: string;
  spec: SubscriptionFieldSpec;
  key: string;
  /** `Query.<entityField>(id:)` with the subscriber's selection, for one event or a batch of them. */
  template: BatchTemplate;
  /** The client's variables the entity query uses. */
  variables: Record<string, unknown>;
  operationName: string | undefined;
  responseKey: string;
  /** Subscribers with the same one share each event's resolution (an id of their selection, variables and scope). */
  shareKey: string;
  resume: EventCursor | undefined;
  /** Its events since the subscribe message arrived, held while it was admitted. */
  early: EarlyEvents;
  socket: WebSocket;
  subscriptionId: string;
}

/** Parsed, validated subscription documents and their entity queries, kept per schema. */
interface PreparedDocument {
  document: DocumentNode;
  errors: readonly GraphQLError[];
  /** By operation name and entity field: the printed entity query and the client variables it uses. */
  entityQueries: Map<string, { template: BatchTemplate; printed: string; variableNames: string[] }>;
}
const DOCUMENT_CACHE_SIZE = 1_000;
const SHARE_IDS_KEPT = 10_000;

const errorsOf = (error: unknown): readonly GraphQLError[] => [
  error instanceof GraphQLError ? error : codedError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'),
];

/**
 * What an event's entity may be shared under: the principal without its user
 * id. Subscribers of one organisation with the same role, products and
 * permissions see the same entity; a payload must not depend on who the user
 * is beyond that (none of our subgraph fields do).
 */
const scopeOf = (principal: Principal) => stableStringify({ ...principal, sub: undefined, expiresAt: undefined });

/**
 * graphql-ws on the gateway's `/graphql` path. Queries and mutations run
 * through Apollo like HTTP ones; subscriptions are fed by Bus events
 * through the event router, and each event's entity is resolved for the
 * subscriber through the supergraph (see docs/subscriptions.md).
 */
export function useSubscriptionServer(options: SubscriptionServerOptions) {
  const { apollo, log, router, bus } = options;
  const limits: StreamLimits = {
    maxBufferedEvents: options.maxBufferedEvents ?? 1000,
    maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
    replayStallMs: options.replayStallMs ?? 10_000,
  };
  const slowCloseGraceMs = options.slowCloseGraceMs ?? 2_000;
  const shared = createSharedResolutions<Payload>(options.sharedResolutionMs ?? 5_000);
  const batches = new BatchResolver();
  // fewer when the operation limits refuse that many aliases (see BatchResolver)
  const maxBatchSize = Math.max(1, options.maxBatchSize ?? 16);
  // a connect storm of one widget's subscribers checks each record once per scope, not once per subscriber
  const guards = createSharedResolutions<Awaited<ReturnType<typeof run>>>(options.sharedResolutionMs ?? 5_000);
  const documents = new WeakMap<GraphQLSchema, Map<string, PreparedDocument | GraphQLError>>();
  /**
   * Share keys (selection, variables and scope: hundreds of characters) as
   * short ids, so that the key of each event's resolution, made for every
   * subscriber, is short to build and hash. An id is never given to another
   * key: once the table is cleared, new subscribers get new ids (and share
   * among themselves).
   */
  const shareIds = new Map<string, string>();
  let lastShareId = 0;
  const shareIdOf = (shareKey: string) => {
    let id = shareIds.get(shareKey);
    if (id === undefined) {
      if (shareIds.size >= SHARE_IDS_KEPT) shareIds.clear();
      shareIds.set(shareKey, (id = `s${++lastShareId}`));
    }
    return id;
  };

  /** The document of a query text, parsed and validated once per schema (subscribers of one widget send the same). */
  const prepareDocument = (schema: GraphQLSchema, query: string): PreparedDocument | GraphQLError => {
    let cache = documents.get(schema);
    if (!cache) documents.set(schema, (cache = new Map()));
    let prepared = cache.get(query);
    if (!prepared) {
      try {
        const document = parse(query);
        prepared = { document, errors: validate(schema, document), entityQueries: new Map() };
      } catch (error) {
        prepared = codedError(ErrorCode.GRAPHQL_PARSE_FAILED, (error as Error).message);
      }
      if (cache.size >= DOCUMENT_CACHE_SIZE) cache.clear();
      cache.set(query, prepared);
    }
    return prepared;
  };

  const run = async (request: Parameters<typeof apollo.executeOperation>[0], contextValue: GatewayContext) => {
    const response = await apollo.executeOperation<Record<string, unknown>>(request, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported over graphql-ws');
    return response.body.singleResult;
  };

  /**
   * An event's payload for a subscriber: resolved once per selection and
   * scope (shared), together with the other events of the same fetch for
   * that selection and scope (batched).
   */
  const resolveFor = (prepared: PreparedSubscription) => {
    const runBatch = (query: string, variables: Record<string, unknown>, operationName: string | undefined) =>
      // the forwarded identity is signed once per principal and reused (fetch/identity-tokens.ts), not per resolution
      run({ query, variables, ...(operationName ? { operationName } : {}) }, { requestId: randomUUID(), principal: prepared.principal });
    return (routed: RoutedEvent): Promise<Payload> => {
      const id = prepared.spec.entityId(routed.data);
      if (!id) return Promise.resolve({ data: null });
      return shared.get(`${routed.event.id}\u0000${prepared.shareKey}`, () =>
        batches.resolve(prepared.shareKey, prepared.template, prepared.variables, runBatch, id),
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
    socket.close(SLOW_CLOSE_CODE, ErrorCode.SUBSCRIBER_TOO_SLOW);
    const timer = setTimeout(() => socket.terminate(), slowCloseGraceMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  };

  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: () => {
        const schema = options.schema();
        if (!schema) throw new Error('supergraph not loaded');
        return schema;
      },
      async onConnect(ctx) {
        const credentials = connectionCredentials(ctx.connectionParams ?? {});
        try {
          const principal = await options.authenticate(credentials.authorization, credentials.integrationKey);
          if (principal) ctx.extra.principal = principal;
          if (principal) ctx.extra.watch = options.watchConnection?.(ctx.extra.socket, principal, credentials);
          return true;
        } catch (error) {
          log.info('gateway: websocket connection refused', { reason: (error as Error).message });
          return false;
        }
      },
      /**
       * In-band renewal: a `ping` whose payload carries credentials (as
       * `connectionParams` do) moves the connection to them, so a long-lived
       * subscriber (the PSA sidebar) outlives its token without reconnecting.
       * They must verify and be the same identity with the same rights, only
       * with a later expiry; otherwise the connection is closed (4401, or 4403
       * for another identity). graphql-ws answers the ping with a pong once
       * this resolves: the pong is the acknowledgement.
       */
      async onPing(ctx, payload) {
        if (!payload || !ctx.acknowledged) return;
        const credentials = connectionCredentials(payload);
        if (!credentials.authorization && !credentials.integrationKey) return; // a plain keep-alive
        const socket = ctx.extra.socket;
        const current = ctx.extra.principal;
        let renewed: Principal | undefined;
        try {
          renewed = await options.authenticate(credentials.authorization, credentials.integrationKey);
        } catch (error) {
          log.info('gateway: websocket renewal refused', { reason: (error as Error).message });
          socket.close(CREDENTIALS_EXPIRED_CLOSE_CODE, 'Unauthorized: the renewed credentials do not verify');
          return;
        }
        if (!current || !renewed || !sameIdentity(current, renewed)) {
          log.info('gateway: websocket renewal refused', { reason: 'another identity', org: current?.org });
          socket.close(RENEWAL_FORBIDDEN_CLOSE_CODE, 'Forbidden: a renewal must keep the identity; connect again');
          return;
        }
        ctx.extra.principal = renewed;
        ctx.extra.watch?.renew(renewed, () => options.authenticate(credentials.authorization, credentials.integrationKey));
      },
      async onSubscribe(ctx, subscriptionId, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
        const schema = options.schema();
        if (!schema) return [codedError(ErrorCode.SERVICE_UNAVAILABLE, 'The supergraph is not loaded yet')];
        const parsed = prepareDocument(schema, payload.query);
        if (parsed instanceof GraphQLError) return [parsed];
        if (parsed.errors.length > 0) return parsed.errors.map((e) => codedError(ErrorCode.GRAPHQL_VALIDATION_FAILED, e.message));
        const { document } = parsed;
        const principal = ctx.extra.principal;
        const overLimits = options.checkLimits?.(schema, document, payload.query, principal) ?? [];
        if (overLimits.length > 0) return overLimits;
        const requestId = randomUUID();
        const base: GatewayContext = { requestId, ...(principal ? { principal } : {}) };
        const root = subscriptionRoot(document, payload.operationName);
        const variableValues = payload.variables ?? {};
        if (!root) {
          // a query or mutation over the socket: run it as over HTTP
          return { schema, document, variableValues, operationName: payload.operationName ?? null, contextValue: base };
        }
        const field = root.field.name.value;
        const spec = subscriptionFields[field];
        const fieldDef = schema.getSubscriptionType()?.getFields()[field];
        if (!spec || !fieldDef) return [codedError(ErrorCode.BAD_USER_INPUT, `Subscription field ${field} is not served by this gateway`)];
        if (!principal) return [codedError(ErrorCode.UNAUTHENTICATED, 'Subscriptions need an authenticated caller')];
        // refused at once, as the field's resolution would be: not left to fail on every event
        if (!hasPermission(principal, spec.permission)) {
          return [codedError(ErrorCode.FORBIDDEN, `Subscribing to ${field} needs the permission ${spec.permission}`, { permission: spec.permission })];
        }
        const coerced = getVariableValues(schema, root.operation.variableDefinitions ?? [], variableValues);
        if (coerced.errors) return coerced.errors.map((e) => codedError(ErrorCode.BAD_USER_INPUT, e.message));
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(fieldDef, root.field, coerced.coerced);
        } catch (error) {
          return [codedError(ErrorCode.BAD_USER_INPUT, (error as Error).message)];
        }
        const key = spec.keyOf(args);
        const early = holdEarlyEvents(router, { org: principal.org, field, spec, key }, limits.maxBufferedEvents);
        let admitted = false;
        try {
          if (spec.guard) {
            try {
              const guardVariables = spec.guard.variables(args);
              const guard = await guards.get(`${field}\u0000${stableStringify(guardVariables)}\u0000${scopeOf(principal)}`, () =>
                run({ query: spec.guard!.query, variables: guardVariables }, base),
              );
              if (guard.errors?.length) return guard.errors.map((e) => codedError((e.extensions?.['code'] as ErrorCode) ?? ErrorCode.INTERNAL_SERVER_ERROR, e.message));
              const missing = spec.guard.missing(guard.data ?? {}, args);
              if (missing) {
                const [type, id] = missing;
                return [codedError(ErrorCode.NOT_FOUND, `${type} ${id} was not found`, { id })];
              }
            } catch (error) {
              log.error('gateway: subscription guard failed', { error: (error as Error).message });
              return errorsOf(error);
            }
          }
          let resume: EventCursor | undefined;
          try {
            const checked = await resumePoint(bus, payload.extensions ?? undefined, spec, principal.org);
            if (Array.isArray(checked)) return checked;
            resume = checked as EventCursor | undefined;
          } catch (error) {
            log.error('gateway: subscription cursor check failed', { error: (error as Error).message });
            return [codedError(ErrorCode.SERVICE_UNAVAILABLE, 'The cursor could not be checked; try again')];
          }
          const entityKey = `${payload.operationName ?? ''}\u0000${spec.entityField}`;
          let entity = parsed.entityQueries.get(entityKey);
          if (!entity) {
            const entityDocument = entityQuery(document, root, spec.entityField);
            const query = entityDocument.definitions[0] as OperationDefinitionNode;
            const texts: string[] = [];
            entity = {
              printed: print(entityDocument),
              variableNames: (query.variableDefinitions ?? []).map((d) => d.variable.name.value).filter((name) => name !== ENTITY_ID_VARIABLE),
              template: {
                query: (size) => (texts[size] ??= batchQuery(entityDocument, size)),
                operationName: query.name?.kind === Kind.NAME ? query.name.value : undefined,
                responseKey: root.field.alias?.value ?? field,
                maxSize: maxBatchSize,
              },
            };
            parsed.entityQueries.set(entityKey, entity);
          }
          const variables: Record<string, unknown> = {};
          for (const name of entity.variableNames) if (name in variableValues) variables[name] = variableValues[name];
          const { printed, template } = entity;
          const scope = scopeOf(principal);
          const { operationName } = template;
          const prepared: PreparedSubscription = {
            ...base,
            principal,
            field,
            spec,
            key,
            template,
            variables,
            operationName,
            responseKey: root.field.alias?.value ?? field,
            shareKey: shareIdOf(`${printed}\u0000${stableStringify(variables)}\u0000${operationName ?? ''}\u0000${scope}`),
            resume,
            early,
            socket: ctx.extra.socket,
            subscriptionId,
          };
          admitted = true;
          return { schema, document, variableValues, operationName: payload.operationName ?? null, contextValue: prepared };
        } finally {
          if (!admitted) early.stop();
        }
      },
      // results come from Apollo already formatted and masked: send them as they are
      onNext: (_ctx, _id, _payload, _args, result) => result as unknown as FormattedExecutionResult,
      subscribe: (args) => {
        const prepared = args.contextValue as PreparedSubscription;
        return new SubscriptionStream({
          subscriber: { org: prepared.principal.org, field: prepared.field, spec: prepared.spec, key: prepared.key },
          router,
          bus,
          resolve: resolveFor(prepared),
          responseKey: prepared.responseKey,
          resume: prepared.resume,
          early: prepared.early,
          limits,
          socket: prepared.socket,
          onTooSlow: (error) => cutOff(prepared.socket, prepared.subscriptionId, error),
          // each payload serialised once for every subscriber sharing its resolution, not once per subscriber by graphql-ws
          push: { subscriptionId: prepared.subscriptionId, send: (message, done) => sendOn(prepared.socket, message, done) },
          log: log.child({ requestId: prepared.requestId }),
        }) as unknown as AsyncIterableIterator<ExecutionResult>;
      },
      execute: async (args) => {
        const context = args.contextValue as GatewayContext;
        // Apollo's result is already formatted (masked) for clients; graphql-ws
        // types results with GraphQLError, but only serialises them as JSON.
        return (await run(
          {
            query: args.document,
            variables: (args.variableValues ?? {}) as Record<string, unknown>,
            ...(args.operationName ? { operationName: args.operationName } : {}),
          },
          context,
        )) as unknown as ExecutionResult;
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
      guards.stop();
      await server.dispose();
    },
  };
}
