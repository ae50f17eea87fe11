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
