import type { MessageMeta } from '@onegraph/bus';

/**
 * Where a pushed event sits on the Bus. Every payload carries one, encoded
 * (`extensions.cursor`); a client that resubscribes with the last one it
 * received (`extensions.cursor` of its subscribe payload) gets what it missed
 * first, replayed from the partition (an organisation's events are all in one
 * partition, in order), then the live events. Opaque to clients: only this
 * module reads or writes the encoding.
 */
export interface EventCursor {
  /** The Bus topic, as the code names it (without the transport's namespace). */
  topic: string;
  partition: number;
  /** Decimal string: Kafka offsets are 64-bit. */
  offset: string;
  /** Broker append time in ms since the epoch (decimal string), for diagnostics and time-based resumption later. */
  timestamp: string;
}

/** base64url of `{"v":1,"t":topic,"p":partition,"o":offset,"ts":timestamp}`. */
export function encodeCursor(at: MessageMeta | EventCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, t: at.topic, p: at.partition, o: at.offset, ts: at.timestamp }), 'utf8').toString('base64url');
}

const DECIMAL = /^(0|[1-9]\d{0,18})$/;

/** The cursor a client sent back, or undefined when it is not one this gateway wrote. */
export function decodeCursor(value: unknown): EventCursor | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { v, t, p, o, ts } = parsed as Record<string, unknown>;
  if (v !== 1 || typeof t !== 'string' || t.length === 0) return undefined;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0) return undefined;
  if (typeof o !== 'string' || !DECIMAL.test(o)) return undefined;
  if (ts !== undefined && (typeof ts !== 'string' || !DECIMAL.test(ts))) return undefined;
  return { topic: t, partition: p, offset: o, timestamp: typeof ts === 'string' ? ts : '0' };
}
