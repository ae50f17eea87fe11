import type { WebSocket } from 'ws';
import type { Principal } from '@onegraph/auth';
import type { Logger } from '@onegraph/log';
import { connectionCredentials, presentsCredentials, type Authenticate, type CredentialKind, type Credentials } from '../auth.ts';
import { stableStringify } from '../stable-stringify.ts';
import { watchConnectionExpiry, type ConnectionWatch, type ConnectionWatchOptions } from './connection-expiry.ts';
import { CloseCode } from './protocol.ts';

/**
 * What a connection is, once connected: its caller (none with `--auth
 * none`) and its credentials' watch. A type alias, not an interface:
 * graphql-ws wants an index-signature-compatible record for it.
 */
export type ConnectionState = {
  principal?: Principal | undefined;
  /** What the connection presented (its `connectionParams` read as headers): the public API's limit depends on which key. */
  credentials?: Credentials | undefined;
  watch?: ConnectionWatch | undefined;
  /** The client's address (failed authentication is limited per source, renewals included). */
  source?: string | undefined;
  /** Its subscriptions admitted and not yet completed, by id, with what stops each counting against its caller's cap (the caps on open subscriptions). */
  open?: Map<string, () => void> | undefined;
};

export interface ConnectionLifecycleOptions {
  authenticate: Authenticate;
  /** The credential kinds besides Hub tokens: what a renewal ping may carry. */
  credentialKinds: readonly CredentialKind[];
  /** How open connections are re-verified (connection-expiry.ts). */
  watch?: ConnectionWatchOptions | undefined;
  log: Logger;
}

/** Whether a renewed credential is the same identity with the same rights, only with another expiry. */
export function sameIdentity(current: Principal, renewed: Principal): boolean {
  return stableStringify({ ...current, expiresAt: undefined }) === stableStringify({ ...renewed, expiresAt: undefined });
}

/**
 * A graphql-ws connection's life, apart from its subscriptions: it is
 * authenticated at connect (`connectionParams`, read as request headers
 * are), watched until its credentials expire or stop verifying, and may
 * renew them in band.
 */
export function connectionLifecycle(options: ConnectionLifecycleOptions) {
  const { authenticate, log } = options;
  return {
    /** `connection_init`: true accepts the connection, false refuses it (graphql-ws closes it with 4403). */
    async connect(socket: WebSocket, params: Record<string, unknown>, state: ConnectionState, source: string | undefined): Promise<boolean> {
      const credentials = connectionCredentials(params);
      state.source = source;
      try {
        const principal = await authenticate(credentials, source);
        state.credentials = credentials;
        if (principal) {
          state.principal = principal;
          state.watch = watchConnectionExpiry(socket, principal, () => authenticate(credentials, source), { ...options.watch, log });
        }
        return true;
      } catch (error) {
        log.info('gateway: websocket connection refused', { reason: (error as Error).message });
        return false;
      }
    },

    /**
     * In-band renewal: a `ping` whose payload carries credentials (as
     * `connectionParams` do) moves the connection to them, so a long-lived
     * subscriber (the PSA sidebar) outlives its token without reconnecting.
     * They must verify and be the same identity with the same rights, only
     * with a later expiry; otherwise the connection is closed (4401, or 4403
     * for another identity). graphql-ws answers the ping with a pong once
     * this resolves: the pong is the acknowledgement.
     */
    async renew(socket: WebSocket, payload: Record<string, unknown>, state: ConnectionState): Promise<void> {
      const credentials = connectionCredentials(payload);
      if (!presentsCredentials(credentials, options.credentialKinds)) return; // a plain keep-alive
      const current = state.principal;
      let renewed: Principal | undefined;
      try {
        renewed = await authenticate(credentials, state.source);
      } catch (error) {
        log.info('gateway: websocket renewal refused', { reason: (error as Error).message });
        socket.close(CloseCode.Unauthorized, 'Unauthorized: the renewed credentials do not verify');
        return;
      }
      if (!current || !renewed || !sameIdentity(current, renewed)) {
        log.info('gateway: websocket renewal refused', { reason: 'another identity', org: current?.org });
        socket.close(CloseCode.Forbidden, 'Forbidden: a renewal must keep the identity; connect again');
        return;
      }
      state.principal = renewed;
      state.credentials = credentials;
      state.watch?.renew(renewed, () => authenticate(credentials, state.source));
    },
  };
}
