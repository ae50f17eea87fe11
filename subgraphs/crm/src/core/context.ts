import type { Principal } from '@onegraph/auth';
import type { Db } from '@onegraph/db';
import type { ConsumerRuntime } from '@onegraph/consumers';
import type { Logger } from '@onegraph/log';
import type { PortalClient, PsaClient } from '@onegraph/onestack-clients';
import type { Loaders } from './loaders.ts';

/**
 * What every crm resolver gets: a verified principal, and loaders bound to
 * its organisation. A feature that brings a service of its own adds it here
 * by declaration merging (the m365 feature adds `m365`), so the core imports
 * no feature; index.ts builds the whole context per request.
 */
export interface CrmContext {
  principal: Principal;
  org: string;
  db: Db;
  loaders: Loaders;
  log: Logger;
  /** The subgraph's Bus consumers: what a replay of a parked or dead-lettered event runs through. */
  consumers: ConsumerRuntime;
  /** The outbox relay: mutations wake it after their transaction commits. */
  outbox: { wake(): void };
  /** PSA's direct API; undefined when PSA is not connected (no `products.psa`). */
  psa: PsaClient | undefined;
  /** Portal's API (quotes and documents shared in client portals); undefined when Portal is not connected. */
  portal: PortalClient | undefined;
}
