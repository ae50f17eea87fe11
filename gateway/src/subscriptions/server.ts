import { randomUUID } from 'node:crypto';
import {
  GraphQLError,
  getArgumentValues,
  getVariableValues,
  parse,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { ApolloServer } from '@apollo/server';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { Principal } from '@onegraph/auth';
import { codedError, ErrorCode } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';
import type { GatewayContext } from '../context.ts';
import { BoundedQueue } from './bounded-queue.ts';
import { ENTITY_ID_VARIABLE, entityQuery, subscriptionRoot } from './entity-query.ts';
import type { EventRouter, RoutedEvent } from './event-router.ts';
import { subscriptionFields, type SubscriptionFieldSpec } from './fields.ts';

export interface SubscriptionServerOptions {
  wss: WebSocketServer;
  apollo: ApolloServer<GatewayContext>;
  /** The current API schema (it changes when the supergraph reloads). */
  schema: () => GraphQLSchema | undefined;
  /** Authenticates `connectionParams.authorization`; throws a coded error when it fails. */
  authenticate: (authorization: string | undefined) => Promise<Principal | undefined>;
  router: EventRouter;
  log: Logger;
  /** Events a subscriber may fall behind before it is cut off. Default 1000. */
  maxBufferedEvents?: number;
}

// a type alias, not an interface: graphql-ws wants an index-signature-compatible record
type ConnectionExtra = { principal?: Principal };

/** What `onSubscribe` prepares for `subscribe`, carried in the execution context. */
interface PreparedSubscription extends GatewayContext {
  spec: SubscriptionFieldSpec;
  args: Record<string, unknown>;
  entityDocument: DocumentNode;
  responseKey: string;
}

const errorsOf = (error: unknown): readonly GraphQLError[] => [
  error instanceof GraphQLError ? error : codedError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error'),
];

/**
 * graphql-ws on the gateway's `/graphql` path. Queries and mutations run
 * through Apollo like HTTP ones; subscriptions are fed by Bus events
 * through the event router, and each event's entity is resolved for the
 * subscriber through the supergraph (see docs/subscriptions.md).
 */
export function useSubscriptionServer(options: SubscriptionServerOptions) {
  const { apollo, log, router } = options;
  const capacity = options.maxBufferedEvents ?? 1000;

  const run = async (request: Parameters<typeof apollo.executeOperation>[0], contextValue: GatewayContext) => {
    const response = await apollo.executeOperation<Record<string, unknown>>(request, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported over graphql-ws');
    return response.body.singleResult;
  };

  function eventStream(prepared: PreparedSubscription, variables: Record<string, unknown>, operationName: string | undefined) {
    const queue = new BoundedQueue<RoutedEvent>(capacity);
    const context: GatewayContext = { requestId: prepared.requestId, ...(prepared.principal ? { principal: prepared.principal } : {}) };
    const remove = router.add({
      org: prepared.principal!.org,
      spec: prepared.spec,
      args: prepared.args,
      deliver: (routed) => void queue.push(routed),
    });
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      remove();
      queue.end();
    };
    const iterator: AsyncIterableIterator<Record<string, unknown>> = {
      [Symbol.asyncIterator]: () => iterator,
      async next() {
        for (;;) {
          const item = await queue.next();
          if (item.done) {
            finish();
            if (queue.overflowed) {
              queue.overflowed = false;
              log.warn('gateway: subscriber too slow, closing its subscription', { requestId: prepared.requestId });
              return {
                done: false,
                value: { errors: [{ message: `Subscriber fell more than ${capacity} events behind`, extensions: { code: ErrorCode.SUBSCRIBER_TOO_SLOW } }] },
              };
            }
            return { done: true, value: undefined };
          }
          const { event, meta } = item.value;
          const id = prepared.spec.entityId((event.data ?? {}) as Record<string, unknown>);
          if (!id) continue;
          const result = await run(
            { query: prepared.entityDocument, variables: { ...variables, [ENTITY_ID_VARIABLE]: id }, ...(operationName ? { operationName } : {}) },
            context,
          );
          // an entity the subscriber cannot see (deleted, or not visible to it) is not pushed
          if (!result.errors && (result.data?.[prepared.responseKey] ?? null) === null) continue;
          return {
            done: false,
            value: { ...result, extensions: { ...result.extensions, cursor: `${meta.topic}:${meta.partition}:${meta.offset}`, eventId: event.id } },
          };
        }
      },
      async return() {
        finish();
        return { done: true, value: undefined };
      },
    };
    return iterator;
  }

  return useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: () => {
        const schema = options.schema();
        if (!schema) throw new Error('supergraph not loaded');
        return schema;
      },
      async onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        const authorization = params['authorization'] ?? params['Authorization'] ?? (params['token'] ? `Bearer ${String(params['token'])}` : undefined);
        try {
          const principal = await options.authenticate(typeof authorization === 'string' ? authorization : undefined);
          if (principal) ctx.extra.principal = principal;
          return true;
        } catch (error) {
          log.info('gateway: websocket connection refused', { reason: (error as Error).message });
          return false;
        }
      },
      async onSubscribe(ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
        const schema = options.schema();
        if (!schema) return [codedError(ErrorCode.SERVICE_UNAVAILABLE, 'The supergraph is not loaded yet')];
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [codedError(ErrorCode.GRAPHQL_PARSE_FAILED, (error as Error).message)];
        }
        const validationErrors = validate(schema, document);
        if (validationErrors.length > 0) {
          return validationErrors.map((e) => codedError(ErrorCode.GRAPHQL_VALIDATION_FAILED, e.message));
        }
        const principal = ctx.extra.principal;
        const requestId = randomUUID();
        const base: GatewayContext = { requestId, ...(principal ? { principal } : {}) };
        const root = subscriptionRoot(document, payload.operationName);
        const variableValues = payload.variables ?? {};
        if (!root) {
          // a query or mutation over the socket: run it as over HTTP
          return { schema, document, variableValues, operationName: payload.operationName ?? null, contextValue: base };
        }
        const spec = subscriptionFields[root.field.name.value];
        const fieldDef = schema.getSubscriptionType()?.getFields()[root.field.name.value];
        if (!spec || !fieldDef) return [codedError(ErrorCode.BAD_USER_INPUT, `Subscription field ${root.field.name.value} is not served by this gateway`)];
        if (!principal) return [codedError(ErrorCode.UNAUTHENTICATED, 'Subscriptions need an authenticated caller')];
        const coerced = getVariableValues(schema, root.operation.variableDefinitions ?? [], variableValues);
        if (coerced.errors) return coerced.errors.map((e) => codedError(ErrorCode.BAD_USER_INPUT, e.message));
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(fieldDef, root.field, coerced.coerced);
        } catch (error) {
          return [codedError(ErrorCode.BAD_USER_INPUT, (error as Error).message)];
        }
        if (spec.guard) {
          try {
            const guard = await run({ query: spec.guard.query, variables: spec.guard.variables(args) }, base);
            if (guard.errors?.length) return guard.errors.map((e) => codedError((e.extensions?.['code'] as ErrorCode) ?? ErrorCode.INTERNAL_SERVER_ERROR, e.message));
            if (!guard.data?.['result']) {
              const [type, id] = spec.guard.what(args);
              return [codedError(ErrorCode.NOT_FOUND, `${type} ${id} was not found`, { id })];
            }
          } catch (error) {
            log.error('gateway: subscription guard failed', { error: (error as Error).message });
            return errorsOf(error);
          }
        }
        const prepared: PreparedSubscription = {
          ...base,
          spec,
          args,
          entityDocument: entityQuery(document, root, spec.entityField),
          responseKey: root.field.alias?.value ?? root.field.name.value,
        };
        return { schema, document, variableValues, operationName: payload.operationName ?? null, contextValue: prepared };
      },
      // results come from Apollo already formatted and masked: send them as they are
      onNext: (_ctx, _id, _payload, _args, result) => result as unknown as FormattedExecutionResult,
      subscribe: (args) => {
        const prepared = args.contextValue as PreparedSubscription;
        return eventStream(prepared, (args.variableValues ?? {}) as Record<string, unknown>, args.operationName ?? undefined);
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
}
