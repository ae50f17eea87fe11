import { randomUUID } from 'node:crypto';
import type { Envelope } from '@onegraph/bus';
import type { Queryable } from '@onegraph/db';

/** How a consumer gave up on an event: parked (it names something missing) or dead-lettered (it kept failing). */
export type FailedEventKind = 'PARKED' | 'DEAD_LETTERED';

/** A parked or dead-lettered event, as `parked_events` holds it. */
export interface FailedEvent {
  /** `<prefix>_<uuid>`, e.g. `prk_…`. */
  id: string;
  org: string;
  consumer: string;
  kind: FailedEventKind;
  eventId: string;
  eventType: string;
  reason: string;
  envelope: Envelope;
  /** When it was (last) parked or dead-lettered. */
  failedAt: Date;
  /** When an admin replayed it; null while it waits. */
  resolvedAt: Date | null;
  replayedBy: string | null;
  /** `failedAt` as PostgreSQL prints it (full precision): the keyset position a page cursor holds, with `id`. */
  sortKey: string;
}

interface Row {
  org_id: string;
  id: string;
  consumer: string;
  kind: FailedEventKind;
  event_id: string;
  event_type: string;
  reason: string;
  envelope: Envelope | string;
  parked_at: Date;
  resolved_at: Date | null;
  replayed_by: string | null;
  sort_key: string;
}

const toFailedEvent = (r: Row): FailedEvent => ({
  id: r.id,
  org: r.org_id,
  consumer: r.consumer,
  kind: r.kind,
  eventId: r.event_id,
  eventType: r.event_type,
  reason: r.reason,
  envelope: typeof r.envelope === 'string' ? (JSON.parse(r.envelope) as Envelope) : r.envelope,
  failedAt: r.parked_at,
  resolvedAt: r.resolved_at,
  replayedBy: r.replayed_by,
  sortKey: r.sort_key,
});

const columns = `*, parked_at::text AS sort_key`;

/**
 * Records that `consumer` gave up on an event, once per consumer and event:
 * a second failure (a redelivery, a replay that fails again) updates the row
 * with the new kind and reason and makes it unresolved again.
 */
export async function recordFailedEvent(
  tx: Queryable,
  failed: { idPrefix: string; consumer: string; kind: FailedEventKind; event: Envelope; reason: string },
): Promise<void> {
  const { event } = failed;
  await tx.query(
    `INSERT INTO parked_events (org_id, id, consumer, kind, event_id, event_type, reason, envelope) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (consumer, event_id) DO UPDATE SET kind = EXCLUDED.kind, reason = EXCLUDED.reason, parked_at = now(), resolved_at = NULL`,
    [
      event.orgid,
      `${failed.idPrefix}_${randomUUID()}`,
      failed.consumer,
      failed.kind,
      event.id,
      event.type,
      failed.reason.slice(0, 2000),
      JSON.stringify(event),
    ],
  );
}

/** One of the organisation's failed events; undefined for an unknown id or another organisation's. */
export async function failedEventById(db: Queryable, org: string, id: string): Promise<FailedEvent | undefined> {
  const { rows } = await db.query<Row>(`SELECT ${columns} FROM parked_events WHERE org_id = $1 AND id = $2`, [org, id]);
  return rows[0] && toFailedEvent(rows[0]);
}

export interface ListFailedEventsOptions {
  /** Rows to return (a page's size plus one, to tell whether another page follows). */
  limit: number;
  /** The position of the last row of the previous page (its `sortKey` and `id`). */
  after?: { sortKey: string; id: string } | undefined;
  /** Replayed ones too. Default false. */
  includeResolved?: boolean | undefined;
  /** Only parked, or only dead-lettered ones. Default both. */
  kind?: FailedEventKind | null | undefined;
}

/** The organisation's failed events, newest first, keyset-paged on (`failedAt`, `id`). */
export async function listFailedEvents(db: Queryable, org: string, options: ListFailedEventsOptions): Promise<FailedEvent[]> {
  const params: unknown[] = [org];
  const where = ['org_id = $1'];
  if (!options.includeResolved) where.push('resolved_at IS NULL');
  if (options.kind) where.push(`kind = $${params.push(options.kind)}`);
  if (options.after) where.push(`(parked_at, id) < ($${params.push(options.after.sortKey)}::timestamptz, $${params.push(options.after.id)})`);
  const { rows } = await db.query<Row>(
    `SELECT ${columns} FROM parked_events WHERE ${where.join(' AND ')} ORDER BY parked_at DESC, id DESC LIMIT ${Math.max(0, Math.floor(options.limit))}`,
    params,
  );
  return rows.map(toFailedEvent);
}

/**
 * Takes a failed event for a replay, in the caller's transaction: marks it
 * resolved by `actor` and resolves with it; undefined when it is not there
 * or resolved already (a concurrent replay took it).
 */
export async function takeForReplay(tx: Queryable, org: string, id: string, actor: string): Promise<FailedEvent | undefined> {
  const { rows } = await tx.query<Row>(
    `UPDATE parked_events SET resolved_at = now(), replayed_by = $3 WHERE org_id = $1 AND id = $2 AND resolved_at IS NULL RETURNING ${columns}`,
    [org, id, actor],
  );
  return rows[0] && toFailedEvent(rows[0]);
}
