import type { Envelope } from '@onegraph/bus';
import { codedError, ErrorCode, notFound } from '@onegraph/errors';
import type { CrmContext } from '../core/context.ts';
import { requireWrite, runUnit, type Unit } from '../core/unit-of-work.ts';
import { parkedEventById } from './parked-store.ts';
import type { ParkedEventRow } from '../core/rows.ts';
import { applyEvent, unparkEvent } from './consume.ts';
import { PSA_CONSUMER, psaHandlerFor } from './psa-events.ts';

/** Per consumer that parks events: its handler for an event, the same code its Bus consumer runs. */
const handlers: Record<string, (event: Envelope) => ((unit: Unit) => Promise<void>) | undefined> = {
  [PSA_CONSUMER]: psaHandlerFor,
};

/**
 * An admin's replay of a parked event (once the company or deal it names
 * exists): it is unparked and applied again through its consumer's own
 * handler, exactly once. Still not applicable: parked again with the new
 * reason. Resolves with the parked event as it stands after the replay.
 */
export async function replayParkedEvent(ctx: CrmContext, id: string): Promise<ParkedEventRow> {
  requireWrite(ctx);
  const parked = await parkedEventById(ctx.db, ctx.org, id);
  if (!parked) throw notFound('Parked event', id);
  if (parked.resolved_at) throw codedError(ErrorCode.INVALID_TRANSITION, `Parked event ${id} was replayed already`, { id });
  const handlerOf = handlers[parked.consumer];
  if (!handlerOf) throw codedError(ErrorCode.INVALID_TRANSITION, `Events of consumer ${parked.consumer} cannot be replayed from the graph`, { id });
  const { result: unparked } = await runUnit(ctx.db, ctx.org, ctx.principal.sub, (unit) => unparkEvent(unit, id));
  // a concurrent replay took it
  if (!unparked) return (await parkedEventById(ctx.db, ctx.org, id))!;
  const handle = handlerOf(unparked.envelope);
  if (handle && (await applyEvent(ctx.db, unparked.consumer, unparked.envelope, handle))) ctx.outbox.wake();
  return (await parkedEventById(ctx.db, ctx.org, id))!;
}
