import { setTimeout as delay } from 'node:timers/promises';
import type { BatchItem, ConsumeOptions, DeadLetter, MessageMeta } from './bus.ts';
import type { Envelope } from './envelope.ts';
import { dlqTopicOf } from './topics.ts';
import { decodeMessage } from './validate.ts';

/**
 * Thrown by a handler for an event that no retry can fix (it names an
 * unknown company, say): the event goes to the DLQ at once with the message.
 */
export class PermanentEventError extends Error {
  override readonly name = 'PermanentEventError';
}

export interface RawMessage {
  key: string | null;
  value: string | null;
}

export type DeadLetterSink = (dlqTopic: string, key: string | null, letter: DeadLetter) => Promise<void>;

export interface ProcessLog {
  warn(message: string, detail?: Record<string, unknown>): void;
}

/**
 * Tells the consumer group this member is alive (kafkajs' `heartbeat()` of
 * the batch being handled).
 */
export type Heartbeat = () => Promise<void>;

/** How often a handler that runs long heartbeats: well inside any session timeout. */
export const HANDLING_HEARTBEAT_MS = 1_000;

/** What a transport that schedules retries itself does with a failed attempt: try the event again after `retryInMs`. */
export interface RetryLater {
  retryInMs: number;
  /** The attempt did not count (the consumer could not work: `ConsumeOptions.isUnavailable`): the next one has the same number. */
  uncounted?: boolean;
}

/** How often a message is tried again while its consumer cannot work (its own database away). */
export const UNAVAILABLE_RETRY_MS = 1_000;

/**
 * One attempt at one message, for a transport that waits between attempts
 * itself (Kafka pauses the partition and resumes it on a timer, so that
 * nothing waits inside the handler): decodes and validates the message, runs
 * the handler once (heartbeating every second while it runs, when given a
 * heartbeat), and dead-letters what cannot be handled. Resolves with when to
 * try again after a failure that has attempts left; with nothing once the
 * message is handled or dead-lettered. It throws only when the DLQ itself
 * cannot be written, or the consumer is stopping, so the transport delivers
 * the message again instead of losing it.
 */
export async function processAttempt(
  options: ConsumeOptions,
  message: RawMessage,
  meta: MessageMeta,
  deadLetter: DeadLetterSink,
  log: ProcessLog,
  isStopping: () => boolean,
  attempt: number,
  heartbeat?: Heartbeat,
): Promise<RetryLater | undefined> {
  const sendToDlq = async (reason: string, event?: Envelope) => {
    log.warn('bus: event dead-lettered', { consumer: options.groupId, topic: meta.topic, offset: meta.offset, reason });
    const letter: DeadLetter = {
      reason,
      consumer: options.groupId,
      topic: meta.topic,
      partition: meta.partition,
      offset: meta.offset,
      key: message.key,
      value: message.value,
      failedAt: new Date().toISOString(),
    };
    await options.onDeadLetter?.(letter, event);
    await deadLetter(dlqTopicOf(meta.topic), message.key, letter);
  };

  const decoded = decodeMessage(message.value);
  if (!decoded.ok) return void (await sendToDlq(decoded.reason));
  if (message.key !== null && message.key !== decoded.envelope.orgid) {
    return void (await sendToDlq(`message key ${message.key} does not match orgid ${decoded.envelope.orgid}`));
  }

  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelay = options.retryDelayMs ?? 100;
  // a handler waiting on a slow product keeps the member in its group
  const beating = heartbeat ? setInterval(() => void heartbeat().catch(() => {}), HANDLING_HEARTBEAT_MS) : undefined;
  try {
    await options.handler(decoded.envelope, { ...meta, attempt, lastAttempt: attempt >= maxAttempts });
    return undefined;
  } catch (error) {
    if (error instanceof PermanentEventError) return void (await sendToDlq(error.message, decoded.envelope));
    if (isStopping()) throw error; // not handled: it is delivered again after restart
    // the consumer's own database is away: not the event's failure, so no attempt is used up
    if (options.isUnavailable?.(error)) return { retryInMs: UNAVAILABLE_RETRY_MS, uncounted: true };
    if (attempt >= maxAttempts) {
      return void (await sendToDlq(`handler failed after ${attempt} attempts: ${error instanceof Error ? error.message : String(error)}`, decoded.envelope));
    }
    return { retryInMs: baseDelay * 2 ** (attempt - 1) };
  } finally {
    clearInterval(beating);
  }
}

/** The most events one batch takes unless `maxBatch` says otherwise. */
export const DEFAULT_MAX_BATCH = 100;

/** What `processBatch` did: how many leading messages it handled, and how many it tried and gave back. */
export interface BatchOutcome {
  /** Leading messages handled as one batch (0 when none was tried, the batch failed, or the handler left the first one to `handler`). */
  handled: number;
  /** Messages of a failed batch: the transport hands each to `handler` alone before batching again. */
  failed: number;
}

/**
 * Offers the leading run of valid messages (at least two, at most
 * `maxBatch`) to the consumer's `batchHandler`, heartbeating while it runs.
 * A message that is not a valid event, or whose key is not its orgid, ends
 * the run: it goes the single way (to the DLQ). A batch that throws is
 * reported as `failed`, nothing of it applied (the handler's contract), and
 * its messages then go one at a time through `processAttempt`.
 */
export async function processBatch(
  options: ConsumeOptions,
  messages: readonly { message: RawMessage; meta: MessageMeta }[],
  log: ProcessLog,
  heartbeat?: Heartbeat,
): Promise<BatchOutcome> {
  const batchHandler = options.batchHandler;
  if (!batchHandler) return { handled: 0, failed: 0 };
  const maxAttempts = options.maxAttempts ?? 5;
  const items: BatchItem[] = [];
  for (const { message, meta } of messages.slice(0, Math.max(1, options.maxBatch ?? DEFAULT_MAX_BATCH))) {
    const decoded = decodeMessage(message.value);
    if (!decoded.ok || (message.key !== null && message.key !== decoded.envelope.orgid)) break;
    items.push({ event: decoded.envelope, meta: { ...meta, attempt: 1, lastAttempt: maxAttempts <= 1 } });
  }
  if (items.length < 2) return { handled: 0, failed: 0 };
  const beating = heartbeat ? setInterval(() => void heartbeat().catch(() => {}), HANDLING_HEARTBEAT_MS) : undefined;
  try {
    const handled = await batchHandler(items);
    return { handled: handled === undefined ? items.length : Math.max(0, Math.min(items.length, handled)), failed: 0 };
  } catch (error) {
    log.warn('bus: a batch failed, its events are handled one at a time', {
      consumer: options.groupId,
      topic: items[0]!.meta.topic,
      offset: items[0]!.meta.offset,
      events: items.length,
      error: error instanceof Error ? error.message : String(error),
    });
    return { handled: 0, failed: items.length };
  } finally {
    clearInterval(beating);
  }
}

/**
 * What the in-process transport does with one message: `processAttempt`
 * until it is handled or dead-lettered, waiting between attempts (doubling
 * from `retryDelayMs`). It never throws for a bad message, so one poison
 * event cannot stall a partition; it throws only when the DLQ itself cannot
 * be written, so the transport retries the message instead of losing it.
 */
export async function processMessage(
  options: ConsumeOptions,
  message: RawMessage,
  meta: MessageMeta,
  deadLetter: DeadLetterSink,
  log: ProcessLog,
  isStopping: () => boolean,
): Promise<void> {
  for (let attempt = 1; ;) {
    const later = await processAttempt(options, message, meta, deadLetter, log, isStopping, attempt);
    if (!later) return;
    if (!later.uncounted) attempt++;
    await delay(later.retryInMs);
  }
}

/** Parses a dead letter as written by `processMessage`; a foreign message is reported as such. */
export function decodeDeadLetter(message: RawMessage, meta: MessageMeta): DeadLetter {
  try {
    const value = JSON.parse(message.value ?? '') as DeadLetter;
    if (typeof value.reason === 'string' && typeof value.consumer === 'string') return value;
  } catch {
    // reported below
  }
  return {
    reason: 'not a dead letter written by a One Graph consumer',
    consumer: 'unknown',
    topic: meta.topic,
    partition: meta.partition,
    offset: meta.offset,
    key: message.key,
    value: message.value,
    failedAt: new Date(Number(meta.timestamp)).toISOString(),
  };
}
