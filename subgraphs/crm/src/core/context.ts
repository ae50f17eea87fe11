import type { Principal } from '@onegraph/auth';
import type { Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import type { PortalClient, PsaClient } from '@onegraph/onestack-clients';
import type { Loaders } from '../loaders.ts';
import type { M365Sync } from '../features/m365/sync.ts';

/** What every crm resolver gets: a verified principal, and loaders bound to its organisation. */
export interface CrmContext {
  principal: Principal;
  org: string;
  db: Db;
  loaders: Loaders;
  log: Logger;
  /** The outbox relay: mutations wake it after their transaction commits. */
  outbox: { wake(): void };
  /** The M365 email sync, and the Graph client of organisations with an app registration (`graphFor`). */
  m365: M365Sync;
  /** PSA's direct API; undefined when PSA is not connected (no `products.psa`). */
  psa: PsaClient | undefined;
  /** Portal's API (quotes and documents shared in client portals); undefined when Portal is not connected. */
  portal: PortalClient | undefined;
}
