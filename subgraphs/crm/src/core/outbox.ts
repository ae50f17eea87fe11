import type { Queryable } from '@onegraph/db';
import type { Envelope } from '@onegraph/bus';
import { currentTraceCarrier, type TraceCarrier } from '@onegraph/tracing';

/**
 * Adds events to the outbox, in the caller's transaction: they are published
 * only if the change commits. The transaction first takes its organisation's
 * outbox lock (held to commit), so one organisation's outbox rows get their
 * `seq` in commit order: the relay, reading by `seq`, can never publish a
 * later event of an organisation before an earlier one that was still
 * uncommitted.
 */
export async function appendOutbox(tx: Queryable, topic: string, events: Envelope | readonly Envelope[]): Promise<void> {
  const list = Array.isArray(events) ? (events as readonly Envelope[]) : [events as Envelope];
  if (list.length === 0) return;
  const orgs = [...new Set(list.map((e) => e.orgid))].sort();
  for (const org of orgs) await tx.query(`SELECT pg_advisory_xact_lock(hashtext('crm.outbox'), hashtext($1))`, [org]);
  // the trace writing the rows (a request's, a consumed event's), which the relay continues
  const { traceparent = null, tracestate = null } = currentTraceCarrier();
  const params: unknown[] = [];
  const values = list.map(
    (e) => `($${params.push(e.orgid)}, $${params.push(topic)}, $${params.push(JSON.stringify(e))}, $${params.push(traceparent)}, $${params.push(tracestate)})`,
  );
  await tx.query(`INSERT INTO outbox (org_id, topic, event, traceparent, tracestate) VALUES ${values.join(', ')}`, params);
}

export interface OutboxRow {
  seq: string;
  topic: string;
  event: Envelope;
  /** The trace context of the transaction that wrote the row. */
  trace: TraceCarrier;
}

export async function unpublished(db: Queryable, limit: number): Promise<OutboxRow[]> {
  const { rows } = await db.query<{ seq: string; topic: string; event: Envelope | string; traceparent: string | null; tracestate: string | null }>(
    `SELECT seq, topic, event, traceparent, tracestate FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    seq: r.seq,
    topic: r.topic,
    event: typeof r.event === 'string' ? (JSON.parse(r.event) as Envelope) : r.event,
    trace: { ...(r.traceparent ? { traceparent: r.traceparent } : {}), ...(r.tracestate ? { tracestate: r.tracestate } : {}) },
  }));
}

export async function markPublished(db: Queryable, seqs: readonly string[]): Promise<void> {
  await db.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [seqs]);
}
