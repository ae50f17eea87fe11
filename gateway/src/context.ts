import type { Principal } from '@onegraph/auth';

/** Per-request state of the gateway. */
export interface GatewayContext {
  /** The authenticated caller; absent only with `--auth none`. */
  principal?: Principal;
  requestId: string;
}
