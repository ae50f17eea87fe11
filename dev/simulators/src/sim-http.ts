import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { close, listen, type ListenOptions } from '@onegraph/http';

/**
 * What every simulator's HTTP API shares: `X-Integration-Key` checked
 * against the keys it was given (each belongs to one organisation, and the
 * organisation is what the handler gets; Microsoft Graph's simulator checks
 * bearer tokens instead, through `authenticate`), JSON in and out (form
 * bodies read too, for a token endpoint), and the
 * `Idempotency-Key` contract of The One Stack's APIs: a write repeated
 * with the same key (per organisation) gets the first successful answer
 * again and changes nothing; a refused one (4xx) is not remembered, so the
 * same call succeeds once the cause is fixed (as Stripe-style APIs treat
 * requests that did not execute). `setAvailable(false)` plays an outage (503 to every
 * call), `loseAnswers(n)` a timeout after the work was done; `close()` and
 * `listen()` on the same port play a process restart.
 */
export interface SimRequest {
  org: string;
  method: string;
  url: URL;
  /** Path parameters from the route pattern's groups. */
  params: string[];
  body: Record<string, unknown> | undefined;
  headers: IncomingMessage['headers'];
}

export interface SimResponse {
  status: number;
  body?: unknown;
}

export interface SimRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Matched against the whole path; groups become `params`. */
  path: RegExp;
  /** Served without authenticating the caller (a token endpoint checks what it is sent); `org` is then ''. */
  public?: boolean;
  handler: (request: SimRequest) => Promise<SimResponse> | SimResponse;
}

export interface SimServerOptions {
  /** For error messages: `PSA`, `Books`… */
  name: string;
  /** Integration key → organisation: how callers are authenticated unless `authenticate` is given. */
  integrationKeys?: Record<string, string>;
  /** Authenticates a caller instead of integration keys: its organisation, or the answer refusing the call. */
  authenticate?: (request: { method: string; url: URL; headers: IncomingMessage['headers'] }) => string | SimResponse;
  routes: SimRoute[];
}

/** A call a simulator received, for tests and the demo. */
export interface SimHttpCall {
  method: string;
  path: string;
  org: string;
  idempotencyKey: string | undefined;
  headers: IncomingMessage['headers'];
}

/** The HTTP side every simulator shares; a simulator spreads it into what it returns. */
export interface SimServer extends AsyncDisposable {
  listen(options?: ListenOptions): Promise<string>;
  close(): Promise<void>;
  /**
   * false: every API call answers 503 (health too), as during an outage;
   * with `org`, only that organisation's calls (an outage of its tenant).
   */
  setAvailable(available: boolean, org?: string): void;
  /**
   * The next `count` writes are carried out (and their answers kept for
   * their idempotency keys) but the connection is closed before answering,
   * as when a timeout hits after the product did the work.
   */
  loseAnswers(count: number): void;
  /** Calls of its API received, newest last (method, path, org, idempotency key, headers), for tests and the demo; public routes' (a token endpoint's) are not among them. */
  readonly calls: readonly SimHttpCall[];
}

export const ok = (body: unknown, status = 200): SimResponse => ({ status, body });
export const fail = (status: number, code: string, error: string): SimResponse => ({ status, body: { error, code } });

export function createSimServer(options: SimServerOptions): SimServer {
  let available = true;
  const unavailableOrgs = new Set<string>();
  let answersToLose = 0;
  const calls: SimHttpCall[] = [];
  const keys = options.integrationKeys ?? {};
  const authenticate =
    options.authenticate ??
    ((request: { headers: IncomingMessage['headers'] }): string | SimResponse => {
      const keyHeader = request.headers['x-integration-key'];
      const org = typeof keyHeader === 'string' && Object.hasOwn(keys, keyHeader) ? keys[keyHeader] : undefined;
      return org ?? fail(401, 'UNAUTHENTICATED', 'invalid or missing X-Integration-Key');
    });
  const replays = new Map<string, SimResponse>();
  const inFlight = new Map<string, Promise<SimResponse>>();

  const send = (res: ServerResponse, response: SimResponse) => {
    if (response.body === undefined) return void res.writeHead(response.status).end();
    res.writeHead(response.status, { 'content-type': 'application/json' }).end(JSON.stringify(response.body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://simulator');
      if (!available) return send(res, fail(503, 'SERVICE_UNAVAILABLE', `${options.name} is down (simulated outage)`));
      if (url.pathname === '/health') return send(res, ok({ status: 'ok' }));
      const method = req.method ?? 'GET';
      let params: string[] | undefined;
      const route = options.routes.find((r) => {
        if (r.method !== method) return false;
        const match = r.path.exec(url.pathname);
        if (match) params = match.slice(1).map((p) => decodeURIComponent(p ?? ''));
        return match !== null;
      });
      const caller = route?.public ? '' : authenticate({ method, url, headers: req.headers });
      if (typeof caller !== 'string') return send(res, caller);
      const org = caller;
      if (unavailableOrgs.has(org)) return send(res, fail(503, 'SERVICE_UNAVAILABLE', `${options.name} is down for ${org} (simulated outage)`));
      if (!route || !params) return send(res, fail(404, 'NOT_FOUND', `${method} ${url.pathname} is not an API of ${options.name}`));
      const body = method === 'GET' || method === 'DELETE' ? undefined : await readBody(req);
      if (method !== 'GET' && method !== 'DELETE' && body === undefined)
        return send(res, fail(400, 'BAD_USER_INPUT', 'the body must be a JSON object (or a form)'));
      const idempotencyHeader = req.headers['idempotency-key'];
      const idempotencyKey = typeof idempotencyHeader === 'string' && idempotencyHeader ? idempotencyHeader : undefined;
      if (!route.public) calls.push({ method, path: url.pathname, org, idempotencyKey, headers: req.headers });
      const request: SimRequest = { org, method, url, params, body, headers: req.headers };
      const answer = (response: SimResponse) => {
        if (method !== 'GET' && answersToLose > 0) {
          answersToLose--;
          return void res.destroy();
        }
        send(res, response);
      };
      if (method === 'GET' || !idempotencyKey) return answer(await route.handler(request));
      const replayKey = `${org}\u0000${idempotencyKey}`;
      const done = replays.get(replayKey);
      if (done) return send(res, done);
      let pending = inFlight.get(replayKey);
      if (!pending) {
        pending = Promise.resolve(route.handler(request)).finally(() => inFlight.delete(replayKey));
        inFlight.set(replayKey, pending);
      }
      const response = await pending;
      if (response.status < 400) replays.set(replayKey, response);
      answer(response);
    })().catch(() => send(res, fail(500, 'INTERNAL_SERVER_ERROR', 'internal error')));
  });

  return {
    listen: (listenOptions) => listen(server, listenOptions),
    close: () => close(server),
    [Symbol.asyncDispose]: () => close(server),
    setAvailable(value, org) {
      if (org === undefined) available = value;
      else if (value) unavailableOrgs.delete(org);
      else unavailableOrgs.add(org);
    },
    loseAnswers(count) {
      answersToLose = count;
    },
    calls,
  };
}

/** A JSON object, or the fields of an `application/x-www-form-urlencoded` body (OAuth token requests). */
async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.length > 1024 * 1024) return undefined;
  }
  if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
