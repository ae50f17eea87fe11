import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
}

/**
 * POSTs an operation as a front end would, over real HTTP. A typed document
 * (from codegen, `gateway/test/generated/operations.ts`) types the result and
 * the variables.
 */
export async function graphqlRequest<T = Record<string, unknown>, V extends Record<string, unknown> = Record<string, unknown>>(
  url: string,
  query: string | TypedDocumentNode<T, V>,
  variables: V | Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
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

export interface SubscriptionMessage {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/**
 * A graphql-ws subscription whose payloads can be awaited one by one (no
 * sleeps: a test awaits the next message, or a count of them). Errors and
 * completion are recorded too.
 */
export class TestSubscription {
  readonly messages: SubscriptionMessage[] = [];
  error: unknown;
  completed = false;
  private waiters: (() => void)[] = [];
  private dispose: () => void = () => {};

  constructor(
    readonly client: Client,
    query: string,
    variables: Record<string, unknown>,
  ) {
    this.dispose = client.subscribe(
      { query, variables },
      {
        next: (message) => {
          this.messages.push(message as SubscriptionMessage);
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
      },
    );
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `count` messages arrived (or the subscription ended); rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 20_000): Promise<SubscriptionMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count && !this.completed && this.error === undefined) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${count} messages (got ${this.messages.length})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.messages.slice(0, count);
  }

  /** Resolves when the subscription errors or completes. */
  async ended(timeoutMs = 20_000): Promise<void> {
    await this.waitFor(Number.MAX_SAFE_INTEGER, timeoutMs);
  }

  unsubscribe() {
    this.dispose();
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

/** Opens a client, subscribes, and waits until the server acknowledged the connection. */
export async function subscribe(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<TestSubscription> {
  const client = wsClient(url, token);
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
  return new TestSubscription(client, query, variables);
}
