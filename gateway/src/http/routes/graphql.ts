import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { apolloHandler, sendRefusal, type Route } from '@onegraph/http';
import { requestCredentials } from '../../auth.ts';
import type { GatewayContext } from '../../context.ts';
import type { GraphqlRequest, RequestHook } from '../../plugin.ts';
import type { OperationHook } from '../hooks/persisted-operations.ts';

export interface GraphqlRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  /** Run in order before the body is read; the first refusal answers the request. */
  hooks: readonly RequestHook[];
  /** Sees each operation of the parsed body (persisted operations). */
  onOperation?: OperationHook | undefined;
  maxBodyBytes?: number | undefined;
  maxBatchSize: number;
}

/** `/graphql` over HTTP: the request hooks, then Apollo Server with the caller they found in its context. */
export function graphqlRoute(options: GraphqlRouteOptions): Route {
  const { hooks, onOperation } = options;
  // what the hooks found, for the operation hook and the context (Apollo only hands them the request)
  const requests = new WeakMap<IncomingMessage, GraphqlRequest>();
  const handler = apolloHandler(options.apollo, {
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    maxBatchSize: options.maxBatchSize,
    ...(onOperation ? { transformOperation: (operation, req) => onOperation(operation, requests.get(req)!) } : {}),
    context: async ({ req }) => {
      const principal = requests.get(req)?.principal;
      return { requestId: randomUUID(), ...(principal ? { principal } : {}) };
    },
  });
  return {
    name: 'graphql',
    path: '/graphql',
    async handle(req, res) {
      const request: GraphqlRequest = { req, res, credentials: requestCredentials(req.headers), principal: undefined, rateLimitedBy: undefined };
      for (const hook of hooks) {
        const refusal = await hook(request);
        if (refusal) return sendRefusal(res, refusal);
      }
      requests.set(req, request);
      await handler(req, res);
    },
  };
}
