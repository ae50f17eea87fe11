import { setTimeout as delay } from 'node:timers/promises';
import type { ConsumeOptions, DeadLetter, MessageMeta } from './bus.ts';
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
 * What both transports do with one message: decode and validate it, run the
 * handler with retries and backoff, and dead-letter what cannot be handled.
 * It never throws for a bad message, so one poison event cannot stall a
 * partition; it throws only when the DLQ itself cannot be written, so the
 * transport retries the message instead of losing it.
 */
export async function processMessage(
  options: ConsumeOptions,
  message: RawMessage,
  meta: MessageMeta,
  deadLetter: DeadLetterSink,
  log: ProcessLog,
  isStopping: () => boolean,
): Promise<void> {
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
  if (!decoded.ok) return sendToDlq(decoded.reason);
  if (message.key !== null && message.key !== decoded.envelope.orgid) {
    return sendToDlq(`message key ${message.key} does not match orgid ${decoded.envelope.orgid}`);
  }

  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelay = options.retryDelayMs ?? 100;
  for (let attempt = 1; ; attempt++) {
    try {
      await options.handler(decoded.envelope, { ...meta, attempt, lastAttempt: attempt >= maxAttempts });
      return;
    } catch (error) {
      if (error instanceof PermanentEventError) return sendToDlq(error.message, decoded.envelope);
      if (attempt >= maxAttempts || isStopping()) {
        if (isStopping()) throw error; // not handled: it is delivered again after restart
        return sendToDlq(`handler failed after ${attempt} attempts: ${error instanceof Error ? error.message : String(error)}`, decoded.envelope);
      }
      await delay(baseDelay * 2 ** (attempt - 1));
    }
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
