import type { Queryable } from './db.ts';

/**
 * The idempotent-consumer inbox: records that `consumer` processed an event,
 * in the caller's transaction, and says false when it already had (a
 * redelivery, whose effect must then be skipped). Each service's migrations
 * create the table:
 * `processed_events (consumer text, event_id text, processed_at timestamptz, PRIMARY KEY (consumer, event_id))`.
 */
export async function markProcessed(tx: Queryable, consumer: string, eventId: string): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, eventId],
  );
  return rows.length === 1;
}

/**
 * Whether `consumer` processed the event already: for a consumer that must
 * call another product before its transaction (the call cannot be rolled
 * back), and so checks first and marks in the transaction after.
 */
export async function wasProcessed(db: Queryable, consumer: string, eventId: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2`, [consumer, eventId]);
  return rows.length > 0;
}

/** Forgets that `consumer` processed the event, in the caller's transaction, so a redelivery applies it again (a parked event replayed). */
export async function forgetProcessed(tx: Queryable, consumer: string, eventId: string): Promise<void> {
  await tx.query(`DELETE FROM processed_events WHERE consumer = $1 AND event_id = $2`, [consumer, eventId]);
}
