import type { IncomingHttpHeaders } from 'node:http';
import type { HubTokenVerifier, Principal } from '@onegraph/auth';
import { codedError, ErrorCode } from '@onegraph/errors';

/**
 * How the gateway authenticates callers.
 * - `hub`: a Hub JWT in `Authorization: Bearer` is required on every request.
 * - `none`: no authentication, no identity forwarded: for serving any
 *   supergraph as a plain federation gateway. Never for One Graph's own
 *   subgraphs (they refuse calls without identity).
 */
export type AuthConfig = { mode: 'hub'; verify: HubTokenVerifier } | { mode: 'none' };

export type Authenticate = (authorization: string | undefined) => Promise<Principal | undefined>;

export function createAuthenticator(auth: AuthConfig): Authenticate {
  switch (auth.mode) {
    case 'none':
      return async () => undefined;
    case 'hub':
      return async (authorization) => {
        if (!authorization) throw codedError(ErrorCode.UNAUTHENTICATED, 'Authentication required: send Authorization: Bearer <Hub token>');
        const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
        if (!match) throw codedError(ErrorCode.UNAUTHENTICATED, 'Authorization must be "Bearer <token>"');
        return auth.verify(match[1]!);
      };
    default: {
      const unreachable: never = auth;
      throw new Error(`unknown auth mode ${JSON.stringify(unreachable)}`);
    }
  }
}

export function authorizationHeader(headers: IncomingHttpHeaders): string | undefined {
  const value = headers.authorization;
  return Array.isArray(value) ? value[0] : value;
}
