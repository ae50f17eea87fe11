import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** One graphql-ws subscriber, on its own connection, speaking graphql-transport-ws directly (lighter than a client library). */
export interface Subscriber {
  readonly company: string;
  /** Payloads received. */
  received: number;
  readonly socket: WebSocket;
}

/** What every subscriber reports to: latencies of the events being measured, counts of all. */
export interface Receipts {
  /** Publish time (performance.now()) of each event published, by event id; only measured ones are in `measured`. */
  readonly publishedAt: Map<string, number>;
  readonly measured: Set<string>;
  /** Publish-to-receipt latencies of measured events, in ms. */
  latencies: number[];
  /** Payloads of measured events received. */
  delivered: number;
  /** Error payloads and unexpected closes. */
  errors: string[];
}

export function newReceipts(): Receipts {
  return { publishedAt: new Map(), measured: new Set(), latencies: [], delivered: 0, errors: [] };
}

/** What every `next` message of the subscription starts with. */
const SUBSCRIPTION_ID = '1';
const NEXT_PREFIX = Buffer.from(`{"id":${JSON.stringify(SUBSCRIPTION_ID)},"type":"next","payload":`);
/** A payload with errors is parsed whole (so is anything that merely looks like one). */
const ERRORS_KEY = Buffer.from('"errors":');
const EVENT_ID_KEY = Buffer.from('"eventId":"');

/**
 * The event id of a `next` message, read from its bytes: the gateway writes
 * `extensions.eventId` last, and event ids are UUIDs (no escapes). Undefined
 * when it is not found there (the message is then parsed whole).
 */
export function eventIdOf(raw: Buffer): string | undefined {
  const at = raw.lastIndexOf(EVENT_ID_KEY);
  if (at < 0) return undefined;
  const start = at + EVENT_ID_KEY.length;
  const end = raw.indexOf(0x22, start); // the closing quote
  if (end < 0) return undefined;
  const id = raw.toString('latin1', start, end);
  return /^[0-9a-f-]+$/i.test(id) ? id : undefined;
}

/**
 * Opens a connection, acknowledges, subscribes. Resolves once the
 * subscribe message is sent (the gateway registers it after its guard
 * query: the caller primes every subscriber with an event to know they are
 * all live).
 */
export function connectSubscriber(url: string, token: string, company: string, query: string, receipts: Receipts): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws', { perMessageDeflate: false });
    const subscriber: Subscriber = { company, received: 0, socket };
    let acknowledged = false;
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (raw: Buffer) => {
      const now = performance.now();
      // the common case, read without parsing the whole payload: a `next` of this subscription, without errors
      if (acknowledged && raw.subarray(0, NEXT_PREFIX.length).equals(NEXT_PREFIX) && raw.indexOf(ERRORS_KEY) < 0) {
        const id = eventIdOf(raw);
        if (id !== undefined) {
          subscriber.received++;
          if (receipts.measured.has(id)) {
            receipts.delivered++;
            receipts.latencies.push(now - receipts.publishedAt.get(id)!);
          }
          return;
        }
      }
      const message = JSON.parse(raw.toString('utf8')) as { type: string; payload?: { extensions?: { eventId?: string }; errors?: unknown } };
      switch (message.type) {
        case 'connection_ack':
          acknowledged = true;
          socket.send(JSON.stringify({ id: SUBSCRIPTION_ID, type: 'subscribe', payload: { query, variables: { companyId: company } } }));
          resolve(subscriber);
          return;
        case 'next': {
          subscriber.received++;
          if (message.payload?.errors) receipts.errors.push(JSON.stringify(message.payload.errors).slice(0, 300));
          const id = message.payload?.extensions?.eventId;
          if (id && receipts.measured.has(id)) {
            receipts.delivered++;
            receipts.latencies.push(now - receipts.publishedAt.get(id)!);
          }
          return;
        }
        case 'error':
        case 'complete':
          receipts.errors.push(`${message.type}: ${JSON.stringify(message.payload ?? null).slice(0, 300)}`);
          return;
        case 'ping':
          socket.send(JSON.stringify({ type: 'pong' }));
          return;
        default:
          return;
      }
    });
    socket.once('error', (error) => {
      if (!acknowledged) reject(error);
      else receipts.errors.push(`socket error: ${error.message}`);
    });
    socket.once('close', (code) => {
      if (!acknowledged) reject(new Error(`closed before acknowledgement: ${code}`));
      else if (code !== 1000 && code !== 1005) receipts.errors.push(`closed ${code}`);
    });
  });
}

/** Connects many subscribers, `concurrency` handshakes at a time. */
export async function connectAll(count: number, concurrency: number, connect: (index: number) => Promise<Subscriber>): Promise<Subscriber[]> {
  const subscribers: Subscriber[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next++;
        subscribers[index] = await connect(index);
      }
    }),
  );
  return subscribers;
}

/** Closes every connection and waits until they are closed. */
export async function disconnectAll(subscribers: readonly Subscriber[]): Promise<void> {
  await Promise.all(
    subscribers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.socket.readyState === WebSocket.CLOSED) return resolve();
          s.socket.once('close', () => resolve());
          s.socket.close(1000);
        }),
    ),
  );
}

/** The p-th percentile (0–100) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
