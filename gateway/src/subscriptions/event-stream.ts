import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { print as printStreamMessage, type RequestParams } from 'graphql-sse';
import { codedError, ErrorCode, httpStatusOf } from '@onegraph/errors';
import { readBody } from '@onegraph/http';
import type { Logger } from '@onegraph/log';
import type { Authenticate } from '../auth.ts';
import type { Caller } from '../security/operation-admission.ts';
import { watchCredentials, type ConnectionWatchOptions } from './connection-expiry.ts';
import type { SubscriptionCore } from './core.ts';
import type { RoutedEvent } from './event-router.ts';
import type { Payload } from './protocol.ts';

export interface EventStreamOptions {
  core: SubscriptionCore;
  /** Largest POST body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number | undefined;
  /** Verifies the stream's credentials again (as graphql-ws connections are): a revoked key or token ends the stream. */
  authenticate?: Authenticate | undefined;
  /** How open streams are re-verified (connection-expiry.ts), as graphql-ws connections are. */
  connections?: ConnectionWatchOptions | undefined;
  /** How often a comment line keeps an idle stream open through proxies, in ms. Default 15 000. */
  keepAliveMs?: number | undefined;
  log: Logger;
}

/** Whether a request asks for an event stream (`Accept: text/event-stream`): the GraphQL over SSE protocol. */
export const wantsEventStream = (req: IncomingMessage): boolean => (req.headers.accept ?? '').includes('text/event-stream');

const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // no buffering proxy (nginx) in between may hold the events back
  'x-accel-buffering': 'no',
};

const COMPLETE = printStreamMessage({ event: 'complete', data: null });

/** An event's `next` frame with its cursor as the SSE `id`: a client resumes by sending it back as `Last-Event-ID`. */
const eventFrame = (payloadJson: Buffer, routed: RoutedEvent): Buffer =>
  Buffer.concat([Buffer.from(`event: next\nid: ${routed.cursor}\ndata: `, 'utf8'), payloadJson, Buffer.from('\n\n', 'utf8')]);

/** A `next` frame as graphql-sse's `print` writes it (its types want `GraphQLError`s; Apollo's results are already formatted). */
const nextFrame = (payload: Payload) => `event: next\ndata: ${JSON.stringify(payload)}\n\n`;

/** The HTTP status a refusal before the stream opens is answered with: the first error's code's. */
function refuse(res: ServerResponse, errors: readonly GraphQLError[]) {
  const code = (errors[0]?.extensions?.['code'] as ErrorCode | undefined) ?? ErrorCode.BAD_USER_INPUT;
  res.writeHead(httpStatusOf[code], {
    'content-type': 'application/json; charset=utf-8',
    ...(code === ErrorCode.UNAUTHENTICATED ? { 'www-authenticate': 'Bearer' } : {}),
  });
  res.end(JSON.stringify({ errors: errors.map((error) => error.toJSON()) }));
}

/** The operation of a request, as GraphQL over SSE sends it: a JSON body (POST) or URL parameters (GET). */
async function requestParams(req: IncomingMessage, maxBodyBytes: number): Promise<RequestParams | GraphQLError> {
  const bad = (message: string) => codedError(ErrorCode.BAD_USER_INPUT, message);
  let raw: Record<string, unknown>;
  if (req.method === 'GET') {
    const search = new URL(req.url ?? '/', 'http://gateway').searchParams;
    raw = { query: search.get('query') ?? undefined, operationName: search.get('operationName') ?? undefined };
    for (const name of ['variables', 'extensions']) {
      const value = search.get(name);
      if (!value) continue;
      try {
        raw[name] = JSON.parse(value) as unknown;
      } catch {
        return bad(`The ${name} parameter is not JSON`);
      }
    }
  } else if (req.method === 'POST') {
    const text = await readBody(req, maxBodyBytes);
    if (text === undefined) return codedError(ErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than ${maxBodyBytes} bytes`);
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return bad('The request body is not JSON');
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('The request body must be one operation, a JSON object');
  } else {
    return bad('An event stream is opened with GET or POST');
  }
  const { query, operationName, variables, extensions } = raw;
  const isObject = (value: unknown) => value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));
  if (query !== undefined && typeof query !== 'string') return bad('query must be a string');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return bad('operationName must be a string');
  if (!isObject(variables) || !isObject(extensions)) return bad('variables and extensions must be JSON objects');
  return {
    query: query ?? '',
    ...(typeof operationName === 'string' ? { operationName } : {}),
    ...(variables ? { variables: variables as Record<string, unknown> } : {}),
    ...(extensions ? { extensions: extensions as Record<string, unknown> } : {}),
  };
}

/**
 * Subscriptions over Server-Sent Events: the GraphQL over SSE protocol's
 * distinct-connections mode (one operation per request, `Accept:
 * text/event-stream`, `next` events then `complete`), as `graphql-sse`'s
 * clients speak it, on the gateway's `/graphql`. The request went through
 * the same request hooks as any HTTP request (authentication, rate limit);
 * the operation goes through the same core as over graphql-ws (core.ts):
 * persisted operations, limits, the field's permission and guard, the caps
 * on open subscriptions, per-event authorization, tenant isolation.
 *
 * Each event's `id` is its cursor (graphql-ws' `extensions.cursor`): a
 * client that reconnects with `Last-Event-ID` gets what it missed, gap-free,
 * or CURSOR_EXPIRED past the Bus retention. graphql-sse's own handler
 * writes no `id` field, hence this adapter (its protocol helpers are used).
 *
 * A refusal before the stream opens is a JSON error body with the code's
 * HTTP status; an error after it is a `next` event with `errors`, then
 * `complete`. The stream ends when the caller's credentials expire
 * (UNAUTHENTICATED): the client opens a new one with fresh credentials and
 * its last event id.
 */
export function useEventStreams(options: EventStreamOptions) {
  const { core, log } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const keepAliveMs = options.keepAliveMs ?? 15_000;

  return async function handle(req: IncomingMessage, res: ServerResponse, caller: Caller): Promise<void> {
    const params = await requestParams(req, maxBodyBytes);
    if (!('query' in params)) return refuse(res, [params]);
    // the standard resume header carries the cursor, as `extensions.cursor` does over graphql-ws
    const lastEventId = req.headers['last-event-id'];
    if (typeof lastEventId === 'string' && lastEventId !== '' && params.extensions?.['cursor'] === undefined && params.extensions?.['since'] === undefined) {
      params.extensions = { ...params.extensions, cursor: lastEventId };
    }
    const verdict = await core.admit({ ...params }, caller);
    switch (verdict.kind) {
      case 'refused':
        return refuse(res, verdict.errors);
      case 'operation': {
        // a query or mutation: one `next`, then `complete` (the request hook already counted it)
        const result = await core.execute(verdict.execution, verdict.execution.context);
        res.writeHead(200, HEADERS);
        res.end(nextFrame(result) + COMPLETE);
        return;
      }
      case 'subscription':
        break;
      default: {
        const unreachable: never = verdict;
        throw new Error(`unknown verdict ${JSON.stringify(unreachable)}`);
      }
    }

    const { subscription, release } = verdict;
    res.writeHead(200, HEADERS);
    res.flushHeaders();
    let ended = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    /** Ends the response once: with an error event first when there is one, then `complete`. */
    const finish = (error?: GraphQLFormattedError) => {
      if (ended) return;
      ended = true;
      for (const timer of timers) clearTimeout(timer);
      release();
      if (res.writableEnded || res.destroyed) return;
      res.end((error ? nextFrame({ errors: [error] }) : '') + COMPLETE);
    };
    const stream = core.stream(subscription, {
      socket: {
        get bufferedAmount() {
          return res.writableLength;
        },
      },
      onTooSlow: (error) => finish(error),
      push: {
        subscriptionId: subscription.requestId,
        frame: eventFrame,
        send(message, done) {
          if (ended || res.writableEnded || res.destroyed) return done();
          res.write(message, (error) => done(error ?? undefined));
        },
      },
    });
    res.once('close', () => {
      if (!ended) {
        ended = true;
        for (const timer of timers) clearTimeout(timer);
        release();
      }
      void stream.return();
    });
    const keepAlive = setInterval(() => {
      if (!ended && !res.writableEnded) res.write(':\n\n');
    }, keepAliveMs);
    keepAlive.unref();
    timers.push(keepAlive);
    // as a graphql-ws connection is: ended (UNAUTHENTICATED) when the credentials expire, or when re-verifying them says they were revoked
    const { authenticate } = options;
    const watch = watchCredentials(
      subscription.principal,
      authenticate && (() => authenticate(caller.credentials, caller.address)),
      { ...options.connections, log },
      (why) => {
        log.info('gateway: event stream ended', { reason: `credentials ${why}`, kind: subscription.principal.kind, org: subscription.principal.org });
        finish({
          message:
            why === 'expired'
              ? 'The credentials expired: reconnect with fresh ones and the last event id'
              : 'The credentials are no longer valid (revoked or removed): reconnect with valid ones and the last event id',
          extensions: { code: ErrorCode.UNAUTHENTICATED },
        });
        void stream.return();
      },
    );
    res.once('close', () => watch.stop());
    // settles when the stream ends: with the error that ended it (CURSOR_EXPIRED, …) or done
    const ending = await stream.next();
    finish(ending.done ? undefined : ending.value.errors?.[0]?.toJSON());
  };
}
