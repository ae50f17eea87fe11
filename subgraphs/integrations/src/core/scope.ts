import type { Queryable } from '@onegraph/db';

/** What an integrations consumer's handler applies an event with: the transaction (with the inbox row) and the event's organisation. */
export interface ConsumerScope {
  tx: Queryable;
  org: string;
}
