import type { Principal } from '@onegraph/auth';
import type { ConsumerRuntime } from '@onegraph/consumers';
import type { Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import type { PortalClient } from '@onegraph/onestack-clients';
import type { CompanyCheck } from './features/portal/crm-companies.ts';
import type { TxtLookup } from './features/portal/dns.ts';
import type { Loaders } from './loaders.ts';

/**
 * A request's context (built by `createIntegrationsSubgraph`). Wiring, like
 * `loaders.ts`: features import its type, it imports the features' stores.
 */
export interface IntegrationsContext {
  principal: Principal;
  org: string;
  /** The subgraph's database (integration keys are written through it). */
  db: Db;
  loaders: Loaders;
  log: Logger;
  /** Portal's API; undefined when Portal is not connected. */
  portal: PortalClient | undefined;
  /** DNS TXT lookups, through which custom portal domains are verified. */
  dnsTxt: TxtLookup;
  /** Whether a company exists in the caller's organisation, asked of the crm subgraph. */
  companyExists: CompanyCheck;
  /** The subgraph's consumers: what a replay of a failed event runs through. */
  consumers: ConsumerRuntime;
}
