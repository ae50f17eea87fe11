import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { inject } from 'vitest';
import WebSocket from 'ws';
import { createKafkaBus, type Bus, type KafkaBusOptions } from '@onegraph/bus';
import { graphqlRequest } from '@onegraph/testing';

/** A Kafka Bus in the given namespace (a fresh one by default) on the run's broker, or on `brokers`. */
export function kafkaBus(
  namespace = `t${randomUUID().slice(0, 8)}.`,
  brokers = inject('kafkaBrokers'),
  more: Pick<KafkaBusOptions, 'retry' | 'log'> = {},
): Bus & { namespace: string } {
  return Object.assign(createKafkaBus({ brokers: brokers.split(','), clientId: 'onegraph-subscriptions-test', namespace, partitions: 3, ...more }), { namespace });
}

/** The selection a timeline widget asks for: crm fields and one from the integrations subgraph. */
export const COMPANY_ACTIVITY = /* GraphQL */ `
  subscription Timeline($companyId: ID!) {
    companyActivity(companyId: $companyId) { id type summary company { id name psa { linked } } }
  }
`;

export interface Pushed {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/**
 * A graphql-ws subscription whose payloads can be awaited (no sleeps). The
 * subscribe payload is kept and its `extensions.cursor` follows the last
 * payload: graphql-ws sends the same payload object again when it
 * reconnects, so a client built like this resumes by itself.
 */
export class LiveSubscription {
  readonly messages: Pushed[] = [];
  error: unknown;
  completed = false;
  /** Close events of the connection, in order. */
  readonly closes: number[] = [];
  readonly payload: { query: string; variables: Record<string, unknown>; extensions: Record<string, unknown> };
  private waiters: (() => void)[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    readonly client: Client,
    query: string,
    variables: Record<string, unknown>,
    cursor?: string,
  ) {
    this.payload = { query, variables, extensions: cursor ? { cursor } : {} };
    client.on('closed', (event) => {
      this.closes.push((event as { code: number }).code);
      this.wake();
    });
    this.unsubscribe = client.subscribe(this.payload, {
      next: (message) => {
        const pushed = message as Pushed;
        this.messages.push(pushed);
        const next = pushed.extensions?.['cursor'];
        if (typeof next === 'string') this.payload.extensions['cursor'] = next;
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

  get cursor(): string | undefined {
    return this.payload.extensions['cursor'] as string | undefined;
  }

  /** Activity ids pushed so far. */
  ids(): string[] {
    return this.messages.map((m) => (m.data?.['companyActivity'] as { id: string } | undefined)?.id ?? '(no activity)');
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `done()` holds; rejects with `what` after `timeoutMs`. */
  async until(done: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what} (got ${this.messages.length} messages, closes ${this.closes.join(',')}, error ${JSON.stringify(this.error)})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves with the first `count` messages once they are there. */
  async waitFor(count: number, timeoutMs?: number): Promise<Pushed[]> {
    await this.until(() => this.messages.length >= count, `${count} messages`, timeoutMs);
    return this.messages.slice(0, count);
  }

  /** Resolves when the subscription errored or completed. */
  async ended(timeoutMs?: number): Promise<void> {
    await this.until(() => this.completed || this.error !== undefined, 'the end of the subscription', timeoutMs);
  }

  async dispose(): Promise<void> {
    this.unsubscribe();
    await this.client.dispose();
  }
}

/**
 * Connects to the gateway (waiting for the acknowledgement) and subscribes.
 * `retry`: reconnect (and so resubscribe with the last cursor) when the
 * connection drops, as a production client would.
 */
export async function liveSubscribe(
  url: string,
  token: string,
  options: { query?: string; variables: Record<string, unknown>; cursor?: string; retry?: boolean },
): Promise<LiveSubscription> {
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: options.retry ? 20 : 0,
    retryWait: async () => new Promise((resolve) => setTimeout(resolve, 200)),
    shouldRetry: () => options.retry === true,
    connectionParams: { authorization: `Bearer ${token}` },
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
      reject(new Error(`connection closed: ${(event as { code?: number }).code}`));
    });
  });
  return new LiveSubscription(client, options.query ?? COMPANY_ACTIVITY, options.variables, options.cursor);
}

const LOG_ACTIVITY = /* GraphQL */ `
  mutation Log($input: LogActivityInput!) { logActivity(input: $input) { id } }
`;

/** Logs `count` notes on a company's timeline through the gateway, one mutation each, in order; resolves with their ids. */
export async function logNotes(stack: { urls: { graphql: string } }, token: string, companyId: string, count: number, label = 'note'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await graphqlRequest<{ logActivity: { id: string } }>(
      stack.urls.graphql,
      LOG_ACTIVITY,
      { input: { type: 'NOTE', summary: `${label} ${i + 1}`, companyId } },
      token,
    );
    if (!res.body.data?.logActivity) throw new Error(`logActivity failed: ${JSON.stringify(res.body.errors)}`);
    ids.push(res.body.data.logActivity.id);
  }
  return ids;
}
