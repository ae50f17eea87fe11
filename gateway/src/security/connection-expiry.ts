import type { WebSocket } from 'ws';
import type { Principal } from '@onegraph/auth';
import { codeOf, ErrorCode } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';

/** The close code of a graphql-ws connection whose credentials expired or stopped verifying (graphql-ws: Unauthorized). */
export const CREDENTIALS_EXPIRED_CLOSE_CODE = 4401;

export interface ConnectionWatchOptions {
  /**
   * How often an open connection's credentials are verified again, in ms:
   * a revoked integration key, or a Hub key removed from the JWKS, ends the
   * connection within this time. Default 60 000; 0 turns it off.
   */
  recheckEveryMs?: number;
  log?: Logger;
}

// setTimeout's longest delay (about 24.8 days); longer waits are re-armed
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends a graphql-ws connection (close code 4401) when its principal's
 * credentials expire (`expiresAt`: the token's `exp`, the delegated token's,
 * or the integration key's expiry), and when `reauthenticate` (run every
 * `recheckEveryMs`) says they no longer verify. Renewal is a new connection
 * with a new token. Timers are cleared when the socket closes.
 */
export function watchConnectionExpiry(
  socket: WebSocket,
  principal: Principal,
  reauthenticate: (() => Promise<unknown>) | undefined,
  options: ConnectionWatchOptions = {},
): void {
  let expiry: ReturnType<typeof setTimeout> | undefined;
  let recheck: ReturnType<typeof setInterval> | undefined;
  const clear = () => {
    clearTimeout(expiry);
    clearInterval(recheck);
  };
  const end = (reason: string) => {
    clear();
    options.log?.info('gateway: websocket connection ended', { reason, kind: principal.kind, org: principal.org });
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(CREDENTIALS_EXPIRED_CLOSE_CODE, reason);
  };

  if (principal.expiresAt !== undefined) {
    const deadline = principal.expiresAt * 1000;
    const arm = () => {
      const left = deadline - Date.now();
      if (left <= 0) return end('Unauthorized: credentials expired');
      expiry = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      expiry.unref();
    };
    arm();
  }
  const every = options.recheckEveryMs ?? 60_000;
  if (reauthenticate && every > 0) {
    recheck = setInterval(() => {
      reauthenticate().catch((error: unknown) => {
        const code = codeOf(error);
        // only a definite "no" ends the connection; an unreachable verifier does not
        if (code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN) end('Unauthorized: credentials no longer valid');
        else options.log?.warn('gateway: could not re-verify a websocket connection', { error: (error as Error).message });
      });
    }, every);
    recheck.unref();
  }
  socket.once('close', clear);
}
