import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { INTERNAL_TOKEN_HEADER } from '@onegraph/auth';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
    extensions?: Record<string, unknown>;
  };
}

/**
 * POSTs an operation as a front end would, over real HTTP. A typed document
 * (from codegen, `gateway/test/generated/operations.ts`) types the result and
 * the variables. `auth`: a token sent as `Authorization: Bearer`, or the
 * headers to send (an integration key, a subgraph's internal token).
 */
export async function graphqlRequest<T = Record<string, unknown>, V extends Record<string, unknown> = Record<string, unknown>>(
  url: string,
  query: string | TypedDocumentNode<T, V>,
  variables: V | Record<string, unknown> = {},
  auth?: string | { headers: Record<string, string> },
): Promise<GraphQLResponse<T>> {
  const headers = typeof auth === 'object' ? auth.headers : auth ? { authorization: `Bearer ${auth}` } : {};
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
  });
  const text = await res.text();
  let body: GraphQLResponse<T>['body'];
  try {
    body = JSON.parse(text) as GraphQLResponse<T>['body'];
  } catch {
    throw new Error(`non-JSON response ${res.status}: ${text.slice(0, 500)}`);
  }
  return { status: res.status, headers: res.headers, body };
}

/** POSTs an operation to a subgraph as the gateway does: with the internal identity token header (when given). */
export function subgraphRequest<T = Record<string, unknown>>(
  url: string,
  query: string,
  internalToken?: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  return graphqlRequest<T>(url, query, variables, { headers: internalToken === undefined ? {} : { [INTERNAL_TOKEN_HEADER]: internalToken } });
}

export interface SubscriptionMessage {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/**
 * A graphql-ws subscription whose payloads can be awaited (no sleeps: a test
 * awaits the next message, a count of them, or any condition). Errors,
 * completion and the connection's close codes are recorded too.
 *
 * The subscribe payload is kept, and its `extensions.cursor` follows the
 * last payload's: graphql-ws sends the same payload object again when it
 * reconnects, so a client built with retries resumes by itself, as a
 * production client would.
 */
export class TestSubscription {
  readonly messages: SubscriptionMessage[] = [];
  error: unknown;
  completed = false;
  /** Close codes of the connection, in order. */
  readonly closes: number[] = [];
  readonly payload: { query: string; variables: Record<string, unknown>; extensions: Record<string, unknown> };
  private waiters: (() => void)[] = [];
  private readonly stop: () => void;

  constructor(
    readonly client: Client,
    query: string,
    variables: Record<string, unknown>,
    /** Resume after a cursor, or from a time (`extensions.since`, ISO 8601). */
    options: { cursor?: string | undefined; since?: string | undefined } = {},
  ) {
    this.payload = { query, variables, extensions: options.cursor ? { cursor: options.cursor } : options.since ? { since: options.since } : {} };
    client.on('closed', (event) => {
      this.closes.push((event as { code: number }).code);
      this.wake();
    });
    this.stop = client.subscribe(this.payload, {
      next: (message) => {
        const pushed = message as SubscriptionMessage;
        this.messages.push(pushed);
        const next = pushed.extensions?.['cursor'];
        if (typeof next === 'string') {
          // from the first payload on, a cursor says where it is more exactly than the time it started from
          delete this.payload.extensions['since'];
          this.payload.extensions['cursor'] = next;
        }
        this.wake();
      },
      error: (error) => {
        this.error = error;
        this.wake();
      },
      complete: () => {
        this.completed = true;
        this.wake();
      },
    });
  }

  /** The last payload's cursor (or the one it was started with). */
  get cursor(): string | undefined {
    return this.payload.extensions['cursor'] as string | undefined;
  }

  /** The `id` of the root field's value in each payload so far (`(none)` for a payload without one). */
  ids(): string[] {
    return this.messages.map((m) => {
      const value = m.data ? Object.values(m.data)[0] : undefined;
      return (value as { id?: string } | null | undefined)?.id ?? '(none)';
    });
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `done()` holds; rejects, naming `what`, after `timeoutMs`. */
  async until(done: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${what} (got ${this.messages.length} messages, closes ${this.closes.join(',')}, error ${JSON.stringify(this.error)})`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once `count` messages arrived (or the subscription ended) with the first `count`; rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 20_000): Promise<SubscriptionMessage[]> {
    await this.until(() => this.messages.length >= count || this.completed || this.error !== undefined, `${count} messages`, timeoutMs);
    return this.messages.slice(0, count);
  }

  /** Resolves when the subscription errors or completes. */
  async ended(timeoutMs = 20_000): Promise<void> {
    await this.until(() => this.completed || this.error !== undefined, 'the end of the subscription', timeoutMs);
  }

  unsubscribe(): void {
    this.stop();
  }

  /** Ends the subscription and closes its client. */
  async dispose(): Promise<void> {
    this.stop();
    await this.client.dispose();
  }
}

/** A graphql-ws client for the gateway at `url` (http:// or ws://), authenticated with `token`. */
export function wsClient(url: string, token?: string | { connectionParams: Record<string, unknown> }): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    // a token goes as `authorization: Bearer`; a product passes its own params (`x-integration-key`)
    connectionParams: typeof token === 'object' ? token.connectionParams : token ? { authorization: `Bearer ${token}` } : {},
    onNonLazyError: () => {},
  });
}

export interface LiveSubscribeOptions {
  query: string;
  variables?: Record<string, unknown>;
  /** Resume after a cursor (`extensions.cursor`). */
  cursor?: string | undefined;
  /** Resume from a time (`extensions.since`, ISO 8601). */
  since?: string | undefined;
  /** Reconnect (and so resubscribe with the last cursor) when the connection drops, as a production client would. Default false. */
  retry?: boolean;
}

/**
 * Connects a graphql-ws client to the gateway at `url` (http:// or ws://) with
 * `token`, waits for the server's acknowledgement (rejecting with the close
 * code when it refuses), and subscribes.
 */
export async function liveSubscribe(url: string, token: string | undefined, options: LiveSubscribeOptions): Promise<TestSubscription> {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: options.retry ? 20 : 0,
    retryWait: async () => new Promise((resolve) => setTimeout(resolve, 200)),
    shouldRetry: () => options.retry === true,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    onNonLazyError: () => {},
  });
  await new Promise<void>((resolve, reject) => {
    const offConnected = client.on('connected', () => {
      offConnected();
      offClosed();
      resolve();
    });
    const offClosed = client.on('closed', (event) => {
      offConnected();
      offClosed();
      reject(Object.assign(new Error(`connection closed: ${(event as { code?: number }).code}`), { event }));
    });
  });
  return new TestSubscription(client, options.query, options.variables ?? {}, { cursor: options.cursor, since: options.since });
}
