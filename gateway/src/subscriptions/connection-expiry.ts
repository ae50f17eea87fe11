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

/** Why watched credentials no longer hold. */
export type CredentialsEnd = 'expired' | 'no longer valid';

/** Watched credentials: renewed in band (graphql-ws), or stopped when what they hold open ends. */
export interface CredentialsWatch extends ConnectionWatch {
  stop(): void;
}

/**
 * Watches the credentials that hold something open (a graphql-ws
 * connection, an SSE stream) and calls `end` once when they expire (the
 * principal's `expiresAt`: the token's `exp`, the delegated token's, or the
 * integration key's expiry) or when `reauthenticate` (run every
 * `recheckEveryMs`) says they no longer verify: a revoked key, a Hub key
 * removed from the JWKS. Only a definite refusal (UNAUTHENTICATED,
 * FORBIDDEN) ends it; an unreachable verifier is logged and tried again.
 */
export function watchCredentials(
  principal: Principal,
  reauthenticate: (() => Promise<unknown>) | undefined,
  options: ConnectionWatchOptions,
  end: (why: CredentialsEnd) => void,
): CredentialsWatch {
  let expiry: ReturnType<typeof setTimeout> | undefined;
  let recheck: ReturnType<typeof setInterval> | undefined;
  let stopped = false;
  const clear = () => {
    clearTimeout(expiry);
    clearInterval(recheck);
  };
  const ended = (why: CredentialsEnd) => {
    if (stopped) return;
    stopped = true;
    clear();
    end(why);
  };
  const watch = (current: Principal, verify: (() => Promise<unknown>) | undefined) => {
    clear();
    if (stopped) return;
    if (current.expiresAt !== undefined) {
      const deadline = current.expiresAt * 1000;
      const arm = () => {
        const left = deadline - Date.now();
        if (left <= 0) return ended('expired');
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
          if (code === ErrorCode.UNAUTHENTICATED || code === ErrorCode.FORBIDDEN) ended('no longer valid');
          else options.log?.warn('gateway: could not re-verify open credentials', { error: (error as Error).message });
        });
      }, every);
      recheck.unref();
    }
  };
  watch(principal, reauthenticate);
  return {
    renew(renewed, verify) {
      principal = renewed;
      watch(renewed, verify);
    },
    stop() {
      stopped = true;
      clear();
    },
  };
}

/**
 * Ends a graphql-ws connection (close code 4401) when its principal's
 * credentials expire or stop verifying (`watchCredentials`). A renewal
 * (`renew`, on a ping carrying a fresh token) moves the watch to the new
 * credentials. Timers are cleared when the socket closes.
 */
export function watchConnectionExpiry(
  socket: WebSocket,
  principal: Principal,
  reauthenticate: (() => Promise<unknown>) | undefined,
  options: ConnectionWatchOptions = {},
): ConnectionWatch {
  let current = principal;
  const watch = watchCredentials(principal, reauthenticate, options, (why) => {
    const reason = why === 'expired' ? 'Unauthorized: credentials expired' : 'Unauthorized: credentials no longer valid';
    options.log?.info('gateway: websocket connection ended', { reason, kind: current.kind, org: current.org });
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(CloseCode.Unauthorized, reason);
  });
  socket.once('close', () => watch.stop());
  return {
    renew(renewed, verify) {
      current = renewed;
      watch.renew(renewed, verify);
    },
  };
}
