import type { WebSocket } from 'ws';
import type { Principal } from '@onegraph/auth';
import { codeOf, ErrorCode } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';
import { CloseCode } from './protocol.ts';

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

/** A watched connection, whose credentials can be renewed in band. */
export interface ConnectionWatch {
  /** The connection now lives by `principal`'s expiry, and is re-verified with `reauthenticate`. */
  renew(principal: Principal, reauthenticate: (() => Promise<unknown>) | undefined): void;
}

/**
 * Ends a graphql-ws connection (close code 4401) when its principal's
 * credentials expire (`expiresAt`: the token's `exp`, the delegated token's,
 * or the integration key's expiry), and when `reauthenticate` (run every
 * `recheckEveryMs`) says they no longer verify. A renewal (`renew`, on a
 * ping carrying a fresh token) moves both to the new credentials. Timers
 * are cleared when the socket closes.
 */
export function watchConnectionExpiry(
  socket: WebSocket,
  principal: Principal,
  reauthenticate: (() => Promise<unknown>) | undefined,
  options: ConnectionWatchOptions = {},
): ConnectionWatch {
  let expiry: ReturnType<typeof setTimeout> | undefined;
  let recheck: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const clear = () => {
    clearTimeout(expiry);
    clearInterval(recheck);
  };
  const end = (reason: string) => {
    clear();
    options.log?.info('gateway: websocket connection ended', { reason, kind: principal.kind, org: principal.org });
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(CloseCode.Unauthorized, reason);
  };

  const watch = (current: Principal, verify: (() => Promise<unknown>) | undefined) => {
    clear();
    if (closed) return;
    if (current.expiresAt !== undefined) {
      const deadline = current.expiresAt * 1000;
      const arm = () => {
        const left = deadline - Date.now();
        if (left <= 0) return end('Unauthorized: credentials expired');
        expiry = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
        expiry.unref();
      };
      arm();
    }
    const every = options.recheckEveryMs ?? 60_000;
    if (verify && every > 0) {
      recheck = setInterval(() => {
        verify().catch((error: unknown) => {
          const code = codeOf(error);
          // only a definite "no" ends the connection; an unreachable verifier does not
          if (code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN) end('Unauthorized: credentials no longer valid');
          else options.log?.warn('gateway: could not re-verify a websocket connection', { error: (error as Error).message });
        });
      }, every);
      recheck.unref();
    }
  };
  watch(principal, reauthenticate);
  socket.once('close', () => {
    closed = true;
    clear();
  });
  return {
    renew(renewed, verify) {
      principal = renewed;
      watch(renewed, verify);
    },
  };
}
