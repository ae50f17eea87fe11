import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { apolloHandler, isRefusal, sendRefusal, tracedRequest, type Route } from '@onegraph/http';
import { requestCredentials } from '../../auth.ts';
import type { GatewayContext } from '../../context.ts';
import type { GraphqlRequest, RequestHook } from '../../plugin.ts';
import type { Caller, OperationAdmission } from '../../security/operation-admission.ts';
import { callerOf } from '../hooks/rate-limit.ts';
import { requestIdFor } from '../request-id.ts';
import { GATEWAY_TRACER } from '../../tracer.ts';

export interface GraphqlRouteOptions {
  apollo: ApolloServer<GatewayContext>;
  /** Run in order before the body is read; the first refusal answers the request. */
  hooks: readonly RequestHook[];
  /** Sees every operation of a request (a POST body's, each of a batch, a GET's): persisted operations, and a batch's count. */
  admission: OperationAdmission;
  maxBodyBytes?: number | undefined;
  maxBatchSize: number;
  /**
   * Serves `GET /graphql` to a browser (`Accept: text/html`, no operation in
   * the URL) before any hook runs: an in-browser IDE (a plugin's `page`).
   */
  page?: ((req: IncomingMessage, res: ServerResponse) => Promise<void> | void) | undefined;
  /** Answers requests for an event stream (`Accept: text/event-stream`: GraphQL over SSE) once the hooks let them through. */
  eventStream?: ((req: IncomingMessage, res: ServerResponse, caller: Caller) => Promise<void>) | undefined;
}

/** A browser navigating to the endpoint: a GET that prefers HTML and carries no operation. */
const wantsPage = (req: IncomingMessage) =>
  req.method === 'GET' && (req.headers.accept ?? '').includes('text/html') && !new URL(req.url ?? '/', 'http://gateway').searchParams.has('query');

/** `/graphql` over HTTP: the request hooks, the operations' admission, then Apollo Server with the caller the hooks found in its context. */
export function graphqlRoute(options: GraphqlRouteOptions): Route {
  const { hooks, admission } = options;
  // what the hooks found, for the admission and the context (Apollo only hands them the request)
  const requests = new WeakMap<IncomingMessage, GraphqlRequest>();
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
      return { requestId: requestIdFor(req), ...(principal ? { principal } : {}) };
    },
  });
  return {
    name: 'graphql',
    path: '/graphql',
    // the IDE page is no operation: served without a span
    handle: (req, res) => (options.page && wantsPage(req) ? options.page(req, res) : tracedRequest(GATEWAY_TRACER, req, res, () => handle(req, res))),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const request: GraphqlRequest = { req, res, credentials: requestCredentials(req.headers), principal: undefined };
    for (const hook of hooks) {
      const refusal = await hook(request);
      if (refusal) return sendRefusal(res, refusal);
    }
    if (options.eventStream && (req.headers.accept ?? '').includes('text/event-stream')) return options.eventStream(req, res, callerOf(request));
    requests.set(req, request);
    await handler(req, res);
  }
}
