import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import { ErrorCode, httpStatusOf } from '@onegraph/errors';
import { tracedRequest } from './tracing.ts';

export interface ApolloHandlerOptions<TContext extends BaseContext> {
  context: ContextFunction<[{ req: IncomingMessage }], TContext>;
  /** Largest request body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Largest batch (a JSON array of operations) accepted. Default 1: batching off. */
  maxBatchSize?: number;
  /**
   * Sees the operations of every request before Apollo does, whatever
   * carries them: a JSON body's (one, or each of a batch) and a GET's query
   * string (`query`, `operationName`, `variables`, `extensions`). May
   * rewrite them (persisted operations) or refuse the request with a coded
   * error. Resolves with the operations to run, in order.
   */
  admitOperations?: (operations: Record<string, unknown>[], req: IncomingMessage) => Promise<Record<string, unknown>[] | RequestRefusal>;
  /** With tracing on, each request is a SERVER span of this tracer (see `tracedRequest`). Default: no span. */
  tracer?: string;
}

/** The GraphQL-over-HTTP parameters of a GET's query string. */
const GET_PARAMS = ['query', 'operationName', 'variables', 'extensions'] as const;
const JSON_PARAMS: ReadonlySet<string> = new Set(['variables', 'extensions']);

/** A GET's operation from its query string; a string when a JSON parameter is not valid JSON. */
function operationOfSearch(params: URLSearchParams): Record<string, unknown> | string {
  const operation: Record<string, unknown> = {};
  for (const name of GET_PARAMS) {
    const value = params.get(name);
    if (value === null) continue;
    if (!JSON_PARAMS.has(name)) {
      operation[name] = value;
      continue;
    }
    try {
      operation[name] = JSON.parse(value);
    } catch {
      return `The ${name} parameter is not valid JSON`;
    }
  }
  return operation;
}

/** The query string of an admitted GET operation (other parameters kept). */
function searchOfOperation(params: URLSearchParams, operation: Record<string, unknown>): string {
  const next = new URLSearchParams(params);
  for (const name of GET_PARAMS) {
    const value = operation[name];
    if (value === undefined || value === null) next.delete(name);
    else next.set(name, typeof value === 'string' && !JSON_PARAMS.has(name) ? value : JSON.stringify(value));
  }
  const text = next.toString();
  return text ? `?${text}` : '';
}

/** A refusal (from `admitOperations`, or a gateway's request hook): the request ends with the code's status. */
export interface RequestRefusal {
  refuse: ErrorCode;
  message: string;
  /** Response headers sent with it (`Retry-After`, `WWW-Authenticate`). */
  headers?: Record<string, string>;
}

export const isRefusal = (value: unknown): value is RequestRefusal => typeof value === 'object' && value !== null && 'refuse' in value;

/** Answers a request with a refusal. */
export const sendRefusal = (res: ServerResponse, refusal: RequestRefusal) => sendError(res, refusal.refuse, refusal.message, refusal.headers);

/** Writes a JSON error body `{ errors: [{ message, extensions: { code } }] }` with the code's status. */
export function sendError(res: ServerResponse, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(httpStatusOf[code], { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

/** A request body as text, or undefined when it is larger than `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves an Apollo Server over `node:http` through its documented
 * integration API (`executeHTTPGraphQLRequest`): no framework in between,
 * and the body limit and JSON parsing are ours, with coded errors.
 */
export function apolloHandler<TContext extends BaseContext>(server: ApolloServer<TContext>, options: ApolloHandlerOptions<TContext>) {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const maxBatch = options.maxBatchSize ?? 1;
  const tracer = options.tracer;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown;
    if (req.method === 'POST') {
      const declared = Number(req.headers['content-length'] ?? 0);
      const text = declared > limit ? undefined : await readBody(req, limit);
      if (text === undefined) return sendError(res, ErrorCode.PAYLOAD_TOO_LARGE, `Request body larger than ${limit} bytes`, { connection: 'close' });
      const type = headers.get('content-type') ?? '';
      if (type.startsWith('application/json') || type.startsWith('application/graphql-response+json')) {
        try {
          body = text.length === 0 ? undefined : JSON.parse(text);
        } catch {
          return sendError(res, ErrorCode.BAD_USER_INPUT, 'Request body is not valid JSON');
        }
        if (Array.isArray(body) && body.length > maxBatch) {
          return sendError(res, ErrorCode.BAD_USER_INPUT, `Batched requests are limited to ${maxBatch} operations`);
        }
        if (options.admitOperations) {
          const operations: unknown[] = Array.isArray(body) ? body : [body];
          if (!operations.every((operation): operation is Record<string, unknown> => typeof operation === 'object' && operation !== null)) {
            return sendError(res, ErrorCode.BAD_USER_INPUT, 'Each operation must be a JSON object');
          }
          const admitted = await options.admitOperations(operations, req);
          if (isRefusal(admitted)) return sendRefusal(res, admitted);
          body = Array.isArray(body) ? admitted : admitted[0];
        }
      } else {
        body = text;
      }
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    let search = url.search;
    // a GET carries its operation in the query string: admitted as a body's is
    if (method === 'GET' && options.admitOperations) {
      const operation = operationOfSearch(url.searchParams);
      if (typeof operation === 'string') return sendError(res, ErrorCode.BAD_USER_INPUT, operation);
      const admitted = await options.admitOperations([operation], req);
      if (isRefusal(admitted)) return sendRefusal(res, admitted);
      search = searchOfOperation(url.searchParams, admitted[0]!);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search, body },
      context: () => options.context({ req }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req: IncomingMessage, res: ServerResponse): Promise<void> => (tracer ? tracedRequest(tracer, req, res, () => handle(req, res)) : handle(req, res));
}
