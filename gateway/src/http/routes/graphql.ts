import type { IncomingMessage } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { apolloHandler, isRefusal, sendRefusal, type Route } from '@onegraph/http';
import { REQUEST_ID_HEADER, requestIdOf } from '@onegraph/metrics';
import { requestCredentials } from '../../auth.ts';
import type { GatewayContext } from '../../context.ts';
import type { GraphqlRequest, RequestHook } from '../../plugin.ts';
import type { OperationAdmission } from '../../security/operation-admission.ts';
import { callerOf } from '../hooks/rate-limit.ts';

export interface GraphqlRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  /** Run in order before the body is read; the first refusal answers the request. */
  hooks: readonly RequestHook[];
  /** Sees every operation of a request (a POST body's, each of a batch, a GET's): persisted operations, and a batch's count. */
  admission: OperationAdmission;
  maxBodyBytes?: number | undefined;
  maxBatchSize: number;
  /** Whether the caller's `X-Request-Id` is taken as the request's id (see `GatewayOptions.trustRequestId`). */
  trustRequestId: boolean;
}

/** `/graphql` over HTTP: the request hooks, the operations' admission, then Apollo Server with the caller the hooks found in its context. */
export function graphqlRoute(options: GraphqlRouteOptions): Route {
  const { hooks, admission } = options;
  // what the hooks found, for the admission and the context (Apollo only hands them the request)
  const requests = new WeakMap<IncomingMessage, GraphqlRequest>();
  const requestIds = new WeakMap<IncomingMessage, string>();
  const handler = apolloHandler(options.apollo, {
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    maxBatchSize: options.maxBatchSize,
    async admitOperations(operations, req) {
      const request = requests.get(req)!;
      const caller = callerOf(request);
      const admitted: Record<string, unknown>[] = [];
      for (const operation of operations) {
        const resolved = admission.resolve(operation, caller);
        if (isRefusal(resolved)) return resolved;
        admitted.push(resolved);
      }
      // the first was counted before the body was read (the rate-limit hook); each other of a batch counts one
      if (operations.length > 1) {
        const { headers, refusal } = await admission.charge(caller, operations.length - 1);
        for (const [header, value] of Object.entries(headers)) request.res.setHeader(header, value);
        if (refusal) return refusal;
      }
      return admitted;
    },
    context: async ({ req }) => {
      const principal = requests.get(req)?.principal;
      return { requestId: requestIds.get(req)!, ...(principal ? { principal } : {}) };
    },
  });
  return {
    name: 'graphql',
    path: '/graphql',
    async handle(req, res) {
      // every answer carries the id, refusals included: what a caller quotes, and what the logs are searched by
      const requestId = requestIdOf(req.headers, options.trustRequestId);
      requestIds.set(req, requestId);
      res.setHeader(REQUEST_ID_HEADER, requestId);
      const request: GraphqlRequest = { req, res, credentials: requestCredentials(req.headers), principal: undefined };
      for (const hook of hooks) {
        const refusal = await hook(request);
        if (refusal) return sendRefusal(res, refusal);
      }
      requests.set(req, request);
      await handler(req, res);
    },
  };
}
