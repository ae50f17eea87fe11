import type { Principal } from '@onegraph/auth';
import type { Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import type { PortalClient } from '@onegraph/onestack-clients';
import type { Loaders } from './loaders.ts';

export interface IntegrationsContext {
  principal: Principal;
  org: string;
  /** The subgraph's database (integration keys are written through it). */
  db: Db;
  loaders: Loaders;
  log: Logger;
  /** Portal's API; undefined when Portal is not connected. */
  portal: PortalClient | undefined;
}
