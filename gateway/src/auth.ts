import type { IncomingHttpHeaders } from 'node:http';
import { looksLikeJarvisToken, type HubTokenVerifier, type JarvisPrincipal, type Principal } from '@onegraph/auth';
import { codedError, ErrorCode } from '@onegraph/errors';
import type { IntegrationKeyVerifier } from './security/integration-keys.ts';

/**
 * How the gateway authenticates callers.
 * - `hub`: every request needs a credential: a Hub JWT in `Authorization:
 *   Bearer`, an integration key (`X-Integration-Key: ogk_...`, or `Bearer
 *   ogk_...|tos_...`), or a delegated Jarvis token (`Bearer`).
 * - `none`: no authentication, no identity forwarded: for serving any
 *   supergraph as a plain federation gateway. Never for One Graph's own
 *   subgraphs (they refuse calls without identity).
 */
export type AuthConfig = { mode: 'hub'; verify: HubTokenVerifier } | { mode: 'none' };

/** The verifiers of the credentials other than Hub tokens; a credential without its verifier is refused. */
export interface CredentialVerifiers {
  integrationKey?: IntegrationKeyVerifier;
  jarvis?: (token: string) => Promise<JarvisPrincipal>;
}

/** Resolves the caller of a request (or connection) from its `Authorization` and `X-Integration-Key` values. */
export type Authenticate = (authorization: string | undefined, integrationKey?: string) => Promise<Principal | undefined>;

const INTEGRATION_KEY = /^(ogk|tos)_/;

export function createAuthenticator(auth: AuthConfig, verifiers: CredentialVerifiers = {}): Authenticate {
  const verifyKey = (key: string) => {
    if (!verifiers.integrationKey) throw codedError(ErrorCode.UNAUTHENTICATED, 'Integration keys are not accepted by this gateway');
    return verifiers.integrationKey(key);
  };
  switch (auth.mode) {
    case 'none':
      return async () => undefined;
    case 'hub':
      return async (authorization, integrationKey) => {
        if (integrationKey !== undefined) {
          // one caller, one credential: never guess which of two identities was meant
          if (authorization) throw codedError(ErrorCode.UNAUTHENTICATED, 'Send either Authorization or X-Integration-Key, not both');
          return verifyKey(integrationKey.trim());
        }
        if (!authorization) {
          throw codedError(ErrorCode.UNAUTHENTICATED, 'Authentication required: send Authorization: Bearer <Hub token>, or X-Integration-Key');
        }
        const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
        if (!match) throw codedError(ErrorCode.UNAUTHENTICATED, 'Authorization must be "Bearer <token>"');
        const token = match[1]!;
        if (INTEGRATION_KEY.test(token)) return verifyKey(token);
        if (looksLikeJarvisToken(token)) {
          if (!verifiers.jarvis) throw codedError(ErrorCode.UNAUTHENTICATED, 'Delegated tokens are not accepted by this gateway');
          return verifiers.jarvis(token);
        }
        return auth.verify(token);
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

export function integrationKeyHeader(headers: IncomingHttpHeaders): string | undefined {
  const value = headers['x-integration-key'];
  return Array.isArray(value) ? value[0] : value;
}
