import type { Queryable } from '@onegraph/db';

/**
 * The idempotent-consumer inbox (`processed_events`): records that
 * `consumer` applied an event, in the caller's transaction, and says false
 * when it already had (a redelivery, whose effect must then be skipped).
 */
export async function markProcessed(tx: Queryable, consumer: string, eventId: string): Promise<boolean> {
  const { rows } = await tx.query(`INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`, [
    consumer,
    eventId,
  ]);
  return rows.length === 1;
}

/**
 * `markProcessed` for several events in one statement: the ids not recorded
 * before (each once, even when `eventIds` repeats one), whose effects the
 * caller then applies.
 */
export async function markProcessedMany(tx: Queryable, consumer: string, eventIds: readonly string[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ event_id: string }>(
    `INSERT INTO processed_events (consumer, event_id) SELECT $1, id FROM unnest($2::text[]) AS id ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, [...eventIds]],
  );
  return new Set(rows.map((r) => r.event_id));
}

/** Whether `consumer` applied the event already: checked before a handler calls another product (`callFirst`). */
export async function wasProcessed(db: Queryable, consumer: string, eventId: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`, [consumer, eventId]);
  return rows.length > 0;
}

/** Forgets that `consumer` applied the event, in the caller's transaction, so that a replay applies it again. */
export async function forgetProcessed(tx: Queryable, consumer: string, eventId: string): Promise<void> {
  await tx.query(`DELETE FROM processed_events WHERE consumer = $1 AND event_id = $2`, [consumer, eventId]);
}
