import type { GraphQLError } from 'graphql';
import type { Bus } from '@onegraph/bus';
import { codedError, ErrorCode } from '@onegraph/errors';
import { decodeCursor, type EventCursor } from './cursor.ts';
import type { SubscriptionFieldSpec } from './field-spec.ts';

/** An ISO 8601 date-time with its time zone (`Z` or an offset): a time without one would depend on the gateway's. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const expired = (what: string) =>
  codedError(ErrorCode.CURSOR_EXPIRED, `${what} is no longer resumable: its events are past the Bus retention. Subscribe again without it.`);

/**
 * Where a subscription resumes, from its subscribe payload's extensions:
 * after `cursor` (the last `extensions.cursor` the client received), or from
 * `since` (an ISO 8601 date-time: what a client that received nothing yet,
 * or lost its cursor, knows: when it subscribed). Either is checked against
 * what the Bus still stores; errors refuse the subscription. Neither: live
 * events only.
 */
export async function resumePoint(
  bus: Bus,
  extensions: Record<string, unknown> | undefined,
  spec: SubscriptionFieldSpec,
  org: string,
): Promise<EventCursor | readonly GraphQLError[] | undefined> {
  const cursor = extensions?.['cursor'] ?? undefined;
  const since = extensions?.['since'] ?? undefined;
  if (cursor !== undefined && since !== undefined) {
    return [codedError(ErrorCode.BAD_USER_INPUT, 'Give extensions.cursor or extensions.since, not both')];
  }
  if (cursor !== undefined) return afterCursor(bus, cursor, spec);
  if (since !== undefined) return fromTime(bus, since, spec, org);
  return undefined;
}

async function afterCursor(bus: Bus, value: unknown, spec: SubscriptionFieldSpec): Promise<EventCursor | readonly GraphQLError[]> {
  const cursor = decodeCursor(value);
  if (!cursor || cursor.topic !== spec.topic) return [codedError(ErrorCode.BAD_USER_INPUT, 'extensions.cursor is not a cursor of this subscription field')];
  const stored = (await bus.offsets(cursor.topic)).find((p) => p.partition === cursor.partition);
  const next = BigInt(cursor.offset) + 1n;
  if (!stored || next < BigInt(stored.low) || next > BigInt(stored.high)) return [expired('The cursor')];
  return cursor;
}

/**
 * The organisation's events are all in one partition (the Bus keys them by
 * org): resuming from a time is resuming before the first of them appended
 * at or after it. If that is the oldest event still stored and older ones
 * were removed, some removed ones may have been after `since`: refused, as
 * an old cursor is, rather than resumed with a silent gap.
 */
async function fromTime(bus: Bus, value: unknown, spec: SubscriptionFieldSpec, org: string): Promise<EventCursor | readonly GraphQLError[]> {
  const ms = typeof value === 'string' && DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    return [codedError(ErrorCode.BAD_USER_INPUT, 'extensions.since must be an ISO 8601 date-time with a time zone, e.g. 2026-11-29T10:00:00Z')];
  }
  const at = await bus.offsetAt(spec.topic, org, ms);
  const offset = BigInt(at.offset);
  if (offset === BigInt(at.low) && offset > 0n && offset < BigInt(at.high)) return [expired('extensions.since')];
  // a cursor is "after this offset": just before the first event to replay
  return { topic: spec.topic, partition: at.partition, offset: (offset - 1n).toString(), timestamp: String(ms) };
}
