import { createEnvelope, topicOf, validateEnvelope, type Envelope, type EventData, type EventType } from '@onegraph/bus';
import type { Db, Queryable } from '@onegraph/db';
import { codedError, ErrorCode, notFound, unauthenticated } from '@onegraph/errors';
import type { CrmContext } from './context.ts';
import { appendOutbox } from './outbox.ts';

/** What a change runs with: its transaction, organisation, actor, clock and event sink. */
export interface Unit {
  tx: Queryable;
  org: string;
  /** Hub user id, or the consumer's name for changes made by events. */
  actor: string;
  /** One clock reading for the whole change. */
  now: Date;
  /** Queues a Bus event; it is written to the outbox in this transaction. */
  emit<T extends EventType>(type: T, subject: string, data: EventData<T>): void;
  /**
   * Runs `work` once at the end of the unit, before the commit, however
   * often it is asked for under the same `key` (the last `work` asked for
   * runs): derived state that many changes of one unit touch, such as a
   * company's health score, is computed once from all of them.
   */
  beforeCommit(key: string, work: () => Promise<void>): void;
}

/**
 * Runs `fn` in one transaction and writes the events it emitted to the
 * outbox in the same transaction. Resolves with its result and whether any
 * event was written (the caller then wakes the relay, after the commit).
 */
export async function runUnit<T>(
  db: Db,
  org: string,
  actor: string,
  fn: (unit: Unit) => Promise<T>,
  /** The change's clock reading (scheduled work passes its clock's). Default: now. */
  now: Date = new Date(),
): Promise<{ result: T; wrote: boolean }> {
  const events: Envelope[] = [];
  const result = await db.transaction(async (tx) => {
    const pending = new Map<string, () => Promise<void>>();
    const unit: Unit = {
      tx,
      org,
      actor,
      now,
      emit(type, subject, data) {
        const event = createEnvelope({ type, source: 'onegraph/crm', orgid: org, subject, data, time: now.toISOString() });
        // an event the Bus would refuse must fail the change, not stall the relay later
        const checked = validateEnvelope(event);
        if (!checked.ok) throw new Error(`crm would emit an invalid ${type}: ${checked.reason}`);
        events.push(event);
      },
      beforeCommit(key, work) {
        pending.delete(key);
        pending.set(key, work);
      },
    };
    const value = await fn(unit);
    // work asked for by work that ran is run too, until none is left
    for (let next = pending.entries().next(); !next.done; next = pending.entries().next()) {
      const [key, work] = next.value;
      pending.delete(key);
      await work();
    }
    await appendOutbox(tx, topicOf('crm'), events);
    return value;
  });
  return { result, wrote: events.length > 0 };
}

/**
 * The one gate every mutation passes: today, that there is an authenticated
 * principal. Role checks (Viewers are read-only) belong here once roles are enforced.
 */
export function requireWrite(ctx: CrmContext): void {
  if (!ctx.principal) throw unauthenticated();
}

/** A mutation: the write gate, then `fn` as one unit of work, then the relay woken. */
export async function mutate<T>(ctx: CrmContext, fn: (unit: Unit) => Promise<T>): Promise<T> {
  requireWrite(ctx);
  const { result, wrote } = await runUnit(ctx.db, ctx.org, ctx.principal.sub, fn);
  if (wrote) ctx.outbox.wake();
  return result;
}

/**
 * Locks a row of the caller's organisation for the rest of the transaction
 * and checks the version the caller last read. NOT_FOUND for a missing id
 * (or another organisation's); STALE_VERSION, with `currentVersion`, when
 * someone changed it since: nothing is written then.
 */
export async function lockRow<R extends { version: number }>(unit: Unit, table: string, what: string, id: string, expectedVersion?: number): Promise<R> {
  const { rows } = await unit.tx.query<R>(`SELECT * FROM ${table} WHERE org_id = $1 AND id = $2 FOR UPDATE`, [unit.org, id]);
  const row = rows[0];
  if (!row) throw notFound(what, id);
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw codedError(ErrorCode.STALE_VERSION, `${what} ${id} is at version ${row.version}, not ${expectedVersion}: read it again and reapply the change`, {
      id,
      currentVersion: row.version,
      expectedVersion,
    });
  }
  return row;
}

/** A row a change refers to (a company for a new contact, ...): NOT_FOUND names the argument. */
export async function requireRow<R>(unit: Unit, table: string, what: string, id: string, argument: string): Promise<R> {
  const { rows } = await unit.tx.query<R>(`SELECT * FROM ${table} WHERE org_id = $1 AND id = $2`, [unit.org, id]);
  if (!rows[0]) throw codedError(ErrorCode.NOT_FOUND, `${what} ${id} was not found`, { id, argument });
  return rows[0];
}

export const invalidTransition = (message: string, details: Record<string, unknown> = {}) => codedError(ErrorCode.INVALID_TRANSITION, message, details);
