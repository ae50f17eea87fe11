import { createClient as createSseClient } from 'graphql-sse';
import { createClient } from 'graphql-ws/client';
import type { TypedDocumentString } from './generated/graphql.ts';

/** What a front end shows when it cannot show data: the gateway's error code and message. */
export interface WidgetError {
  code: string;
  message: string;
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; error: WidgetError };

interface FormattedError {
  message?: unknown;
  extensions?: { code?: unknown } | null;
}

/** The first error of a GraphQL response or refusal, as shown to the user. */
export function errorOf(errors: readonly FormattedError[]): WidgetError {
  const first = errors[0];
  const code = first?.extensions?.code;
  return { code: typeof code === 'string' ? code : 'ERROR', message: typeof first?.message === 'string' ? first.message : 'The request failed' };
}

/** An operation's sha256, as the persisted-documents manifest lists it. */
export function hashOf<R, V>(document: TypedDocumentString<R, V>): string {
  const hash = (document.__meta__ as { hash?: unknown } | undefined)?.hash;
  if (typeof hash !== 'string') throw new Error('the document has no persisted hash: build @onegraph/client');
  return hash;
}

/** The request body of an operation: by hash only (persisted), or with its text. */
export function operationBody<R, V>(document: TypedDocumentString<R, V>, variables: V, persisted: boolean): Record<string, unknown> {
  return persisted ? { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(document) } } } : { query: document.toString(), variables };
}

export interface QueryOptions {
  /** Send the operation's hash only (a gateway requiring persisted operations). Default false: the text. */
  persisted?: boolean;
}

/**
 * One operation over HTTP with the user's token. The token goes in the
 * Authorization header only: never in the URL, and no cookies are sent.
 */
export async function query<R, V>(
  url: string,
  token: string,
  document: TypedDocumentString<R, V>,
  variables: V,
  options: QueryOptions = {},
): Promise<Outcome<R>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(operationBody(document, variables, options.persisted ?? false)),
    });
  } catch {
    return { ok: false, error: { code: 'OFFLINE', message: 'The gateway could not be reached' } };
  }
  let body: { data?: R | null; errors?: FormattedError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    return { ok: false, error: { code: `HTTP_${response.status}`, message: response.statusText || 'Unreadable response' } };
  }
  // partial data (a field the user may not read) still shows; no data shows the error
  if (body.data) return { ok: true, data: body.data };
  return { ok: false, error: errorOf(body.errors ?? [{ message: `HTTP ${response.status}` }]) };
}

/** The subscription link, as the "live" indicator shows it. */
export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** Which transport carries a subscription. */
export type LinkTransport = 'graphql-ws' | 'sse';

export interface LiveOptions<R, V> {
  /** The gateway's `/graphql` URL (`http(s)://…/graphql`): graphql-ws on the same path, SSE as the fallback. */
  url: string;
  token: string;
  document: TypedDocumentString<R, V>;
  variables: V;
  onData(data: R): void;
  /** The subscription is over: refused (e.g. NOT_FOUND), the token refused or expired, or retries exhausted. */
  onError(error: WidgetError): void;
  /** `resumed` is false when a reconnection could not resume from a cursor (events may have been missed). */
  onState(state: LinkState, resumed: boolean): void;
  /** Told which transport carries the subscription, when it starts and when it falls back to SSE. */
  onTransport?(transport: LinkTransport): void;
}

/** graphql-ws close codes the gateway uses for credentials (docs/security.md). */
const FORBIDDEN = 4403;
const UNAUTHORIZED = 4401;

/**
 * A subscription that reconnects by itself and resumes without gaps: over
 * graphql-ws (retrying, backing off up to 30 s), or, when the WebSocket
 * cannot connect at all (a proxy or firewall that blocks WebSockets), over
 * Server-Sent Events (graphql-sse, distinct connections) on the same URL.
 * Either way the subscribe payload keeps the last `extensions.cursor`, and
 * is sent again on reconnection (docs/subscriptions.md). Returns the
 * disposer.
 */
export function subscribeLive<R, V extends Record<string, unknown>>(options: LiveOptions<R, V>): () => void {
  const payload = { query: options.document.toString(), variables: options.variables, extensions: {} as Record<string, unknown> };
  let disposed = false;
  let everConnected = false;
  let stop: () => void = () => {};
  const next = (result: { data?: R | null; extensions?: Record<string, unknown> | undefined }) => {
    const cursor = result.extensions?.['cursor'];
    if (typeof cursor === 'string') payload.extensions['cursor'] = cursor;
    if (result.data) options.onData(result.data);
  };
  const fail = (error: unknown) => {
    if (disposed) return;
    options.onState('offline', true);
    options.onError(linkError(error));
  };

  /** The fallback: the same payload over an event stream, retried by graphql-sse with the last cursor. */
  const overSse = () => {
    options.onTransport?.('sse');
    const sse = createSseClient<false>({
      url: options.url,
      singleConnection: false,
      credentials: 'omit',
      headers: { authorization: `Bearer ${options.token}` },
      retryAttempts: 20,
      retry: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** retries) + Math.random() * 500)),
    });
    let connectedBefore = false;
    const dispose = sse.subscribe<R, Record<string, unknown>>(
      payload,
      {
        next,
        error: fail,
        complete() {
          if (!disposed) options.onState('offline', true);
        },
      },
      {
        connecting: (reconnecting) => options.onState(reconnecting ? 'reconnecting' : 'connecting', true),
        connected: () => {
          options.onState('live', !connectedBefore || typeof payload.extensions['cursor'] === 'string');
          connectedBefore = true;
        },
      },
    );
    stop = () => {
      dispose();
      sse.dispose();
    };
  };

  const wsUrl = options.url.replace(/^http/, 'ws');
  const client = createClient({
    url: wsUrl,
    connectionParams: { authorization: `Bearer ${options.token}` },
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** retries) + Math.random() * 500)),
    // a refused or expired token does not get better by retrying; a WebSocket that never connected falls back to SSE
    shouldRetry: (event) => everConnected && !(isCloseEvent(event) && (event.code === FORBIDDEN || event.code === UNAUTHORIZED)),
    on: {
      connecting: (isRetry) => options.onState(isRetry ? 'reconnecting' : 'connecting', true),
      connected: (_socket, _payload, wasRetry) => {
        everConnected = true;
        options.onState('live', !wasRetry || typeof payload.extensions['cursor'] === 'string');
      },
      closed: () => {
        if (!disposed && everConnected) options.onState('reconnecting', true);
      },
    },
  });
  options.onTransport?.('graphql-ws');
  const unsubscribe = client.subscribe<R, Record<string, unknown>>(payload, {
    next,
    error(error) {
      if (disposed) return;
      if (!everConnected && !(isCloseEvent(error) && (error.code === FORBIDDEN || error.code === UNAUTHORIZED))) {
        // the WebSocket could not connect: the same subscription over Server-Sent Events
        Promise.resolve(client.dispose()).catch(() => {});
        overSse();
        return;
      }
      fail(error);
    },
    complete() {
      if (!disposed) options.onState('offline', true);
    },
  });
  stop = () => {
    unsubscribe();
    // rejects with the close event when the connection was refused: nothing is left to close then
    Promise.resolve(client.dispose()).catch(() => {});
  };
  return () => {
    disposed = true;
    stop();
  };
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === 'object' && value !== null && 'code' in value && typeof (value as { code: unknown }).code === 'number';
}

function linkError(error: unknown): WidgetError {
  if (Array.isArray(error)) return errorOf(error as FormattedError[]);
  if (isCloseEvent(error)) {
    if (error.code === FORBIDDEN) return { code: 'UNAUTHENTICATED', message: 'The gateway refused the token' };
    if (error.code === UNAUTHORIZED) return { code: 'UNAUTHENTICATED', message: 'The token expired or was revoked: open the widget again' };
    return { code: 'OFFLINE', message: `The live connection closed (${error.code}${error.reason ? `: ${error.reason}` : ''})` };
  }
  return { code: 'OFFLINE', message: error instanceof Error ? error.message : 'The live connection failed' };
}
