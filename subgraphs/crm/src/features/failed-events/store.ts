import { listFailedEvents, type FailedEvent, type FailedEventKind } from '@onegraph/consumers';
import type { Queryable } from '@onegraph/db';
import { decodeCursor } from '@onegraph/db';

/** A parked or dead-lettered event of a crm consumer (the consumer runtime's row): what `ParkedEvent` resolves from. */
export type ParkedEventRow = FailedEvent;

/** The organisation's parked and dead-lettered events, newest first (`first + 1` of them); unresolved only unless `includeResolved`. */
export function listParkedEvents(
  db: Queryable,
  org: string,
  first: number,
  after: string | null | undefined,
  includeResolved: boolean,
  kind: FailedEventKind | null | undefined,
): Promise<ParkedEventRow[]> {
  return listFailedEvents(db, org, { limit: first + 1, after: after ? decodeCursor(after) : undefined, includeResolved, kind });
}
