import type { Principal } from '@onegraph/auth';
import type { OperationTiming } from './metrics/gateway-metrics.ts';

/** Per-request state of the gateway. */
export interface GatewayContext {
  /** The authenticated caller; absent only with `--auth none`. */
  principal?: Principal;
  requestId: string;
  /** The operation's timing (set by the metrics plugin for operations clients sent); subgraph fetches add their waits to it. */
  timing?: OperationTiming;
  /** An operation the gateway runs for itself (a subscription event's entity query): not measured as a client's request. */
  internal?: boolean;
}
