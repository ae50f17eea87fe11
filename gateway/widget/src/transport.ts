import { createClient } from 'graphql-ws/client';
import type { TypedDocumentString } from './generated/operations.ts';

/** What the widget shows when it cannot show data: the gateway's error code and message. */
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

/**
 * One operation over HTTP with the user's token. The token goes in the
 * Authorization header only: never in the URL, and no cookies are sent.
 */
export async function query<R, V>(url: string, token: string, document: TypedDocumentString<R, V>, variables: V): Promise<Outcome<R>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: document.toString(), variables }),
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

export interface LiveOptions<R, V> {
  /** The gateway's graphql-ws URL (`ws(s)://…/graphql`). */
  url: string;
  token: string;
  document: TypedDocumentString<R, V>;
  variables: V;
  onData(data: R): void;
  /** The subscription is over: refused (e.g. NOT_FOUND), the token refused or expired, or retries exhausted. */
  onError(error: WidgetError): void;
  /** `resumed` is false when a reconnection could not resume from a cursor (events may have been missed). */
  onState(state: LinkState, resumed: boolean): void;
}

/** graphql-ws close codes the gateway uses for credentials (docs/security.md). */
const FORBIDDEN = 4403;
const UNAUTHORIZED = 4401;

/**
 * A graphql-ws subscription that reconnects by itself (graphql-ws's retry,
 * backing off up to 30 s) and resumes without gaps: the subscribe payload
 * keeps the last `extensions.cursor`, and graphql-ws sends the same payload
 * again on reconnection (docs/subscriptions.md). Returns the disposer.
 */
export function subscribeLive<R, V extends Record<string, unknown>>(options: LiveOptions<R, V>): () => void {
  const payload = { query: options.document.toString(), variables: options.variables, extensions: {} as Record<string, unknown> };
  let disposed = false;
  const client = createClient({
    url: options.url,
    connectionParams: { authorization: `Bearer ${options.token}` },
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** retries) + Math.random() * 500)),
    // a refused or expired token does not get better by retrying
    shouldRetry: (event) => !(isCloseEvent(event) && (event.code === FORBIDDEN || event.code === UNAUTHORIZED)),
    on: {
      connecting: (isRetry) => options.onState(isRetry ? 'reconnecting' : 'connecting', true),
      connected: (_socket, _payload, wasRetry) => options.onState('live', !wasRetry || typeof payload.extensions['cursor'] === 'string'),
      closed: () => {
        if (!disposed) options.onState('reconnecting', true);
      },
    },
  });
  const dispose = client.subscribe<R, Record<string, unknown>>(payload, {
    next(result) {
      const cursor = result.extensions?.['cursor'];
      if (typeof cursor === 'string') payload.extensions['cursor'] = cursor;
      if (result.data) options.onData(result.data);
    },
    error(error) {
      if (disposed) return;
      options.onState('offline', true);
      options.onError(linkError(error));
    },
    complete() {
      if (!disposed) options.onState('offline', true);
    },
  });
  return () => {
    disposed = true;
    dispose();
    // rejects with the close event when the connection was refused: nothing is left to close then
    Promise.resolve(client.dispose()).catch(() => {});
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
