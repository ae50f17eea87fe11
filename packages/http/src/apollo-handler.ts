import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import { ErrorCode, httpStatusOf } from '@onegraph/errors';

export interface ApolloHandlerOptions<TContext extends BaseContext> {
  context: ContextFunction<[{ req: IncomingMessage }], TContext>;
  /** Largest request body accepted, in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Largest batch (a JSON array of operations) accepted. Default 1: batching off. */
  maxBatchSize?: number;
  /**
   * Sees each operation of a parsed JSON body before Apollo does, and may
   * rewrite it (persisted operations) or refuse it with a coded error.
   */
  transformOperation?: (operation: Record<string, unknown>, req: IncomingMessage) => Record<string, unknown> | RequestRefusal;
}

/** A refusal (from `transformOperation`, or a gateway's request hook): the request ends with the code's status. */
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

async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
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
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
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
        if (options.transformOperation) {
          const operations: unknown[] = Array.isArray(body) ? body : [body];
          const transformed: Record<string, unknown>[] = [];
          for (const operation of operations) {
            if (typeof operation !== 'object' || operation === null) {
              return sendError(res, ErrorCode.BAD_USER_INPUT, 'Each operation must be a JSON object');
            }
            const result = options.transformOperation(operation as Record<string, unknown>, req);
            if (isRefusal(result)) return sendRefusal(res, result);
            transformed.push(result);
          }
          body = Array.isArray(body) ? transformed : transformed[0];
        }
      } else {
        body = text;
      }
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
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
}
