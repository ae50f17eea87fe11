import type { Principal } from '@onegraph/auth';
import type { Logger } from '@onegraph/log';
import type { Loaders } from './loaders.ts';

export interface IntegrationsContext {
  principal: Principal;
  org: string;
  loaders: Loaders;
  log: Logger;
}
