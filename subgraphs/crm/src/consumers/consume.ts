import { randomUUID } from 'node:crypto';
import type { Envelope } from '@onegraph/bus';
import { forgetProcessed, markProcessed, type Db } from '@onegraph/db';
import { runUnit, type Unit } from '../core/unit-of-work.ts';

/**
 * Thrown by a consumer's handler when the event names a record the CRM does
 * not have (an unknown company or deal): no retry can fix that now, and the
 * DLQ would hide it from the people who can. The event is parked with the
 * reason instead (see `applyEvent`).
 */
export class ParkEvent extends Error {
  override readonly name = 'ParkEvent';
}

/**
 * Applies one event exactly once: its effect, the outbox events it emits and
 * its inbox row commit in one transaction, so a redelivery changes nothing
 * and a crash between effect and publish loses nothing. A handler that
 * throws `ParkEvent` rolls its effect back and the event is parked (once);
 * (an event replayed by an admin that still cannot apply is parked again,
 * on its row, with the new reason); any other error is left to the Bus, which retries with backoff and
 * dead-letters what keeps failing. Resolves with whether the outbox was
 * written (the caller wakes the relay).
 */
export async function applyEvent(db: Db, consumer: string, event: Envelope, handle: (unit: Unit) => Promise<void>): Promise<boolean> {
  try {
    const { wrote } = await runUnit(db, event.orgid, consumer, async (unit) => {
      if (!(await markProcessed(unit.tx, consumer, event.id))) return;
      await handle(unit);
    });
    return wrote;
  } catch (error) {
    if (!(error instanceof ParkEvent)) throw error;
    await db.transaction(async (tx) => {
      if (!(await markProcessed(tx, consumer, event.id))) return;
      await tx.query(
        `INSERT INTO parked_events (org_id, id, consumer, event_id, event_type, reason, envelope) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (consumer, event_id) DO UPDATE SET reason = EXCLUDED.reason, parked_at = EXCLUDED.parked_at, resolved_at = NULL`,
        [event.orgid, `prk_${randomUUID()}`, consumer, event.id, event.type, error.message, JSON.stringify(event)],
      );
    });
    return false;
  }
}

/**
 * Forgets that a parked event was processed and marks it resolved, in the
 * caller's transaction, so that handing its envelope to `applyEvent` again
 * applies it (used when an admin replays it).
 */
export async function unparkEvent(unit: Unit, parkedId: string): Promise<{ consumer: string; envelope: Envelope } | undefined> {
  const { rows } = await unit.tx.query<{ consumer: string; event_id: string; envelope: Envelope | string }>(
    `UPDATE parked_events SET resolved_at = $3 WHERE org_id = $1 AND id = $2 AND resolved_at IS NULL RETURNING consumer, event_id, envelope`,
    [unit.org, parkedId, unit.now],
  );
  const row = rows[0];
  if (!row) return undefined;
  await forgetProcessed(unit.tx, row.consumer, row.event_id);
  return { consumer: row.consumer, envelope: typeof row.envelope === 'string' ? (JSON.parse(row.envelope) as Envelope) : row.envelope };
}
