import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { codedError, ErrorCode } from '@onegraph/errors';
import { parsePermissions } from './permissions.ts';
import { parseRole, type UserPrincipal } from './principal.ts';

export interface HubVerifierOptions {
  /** Hub's JWKS: a URL (fetched, cached and refreshed on unknown `kid`) or a key set. */
  jwks: URL | JSONWebKeySet;
  issuer: string;
  audience: string;
  /** Tolerated clock skew in seconds. Default 30. */
  clockToleranceSec?: number;
  /**
   * How long a fetched JWKS is used before it is fetched again, in ms: the
   * longest a key Hub removed keeps verifying. Default 600 000 (10 min).
   */
  jwksCacheMaxAgeMs?: number;
  /**
   * The least time between two fetches triggered by an unknown `kid`, in ms:
   * a flood of tokens with made-up key ids costs one fetch per cooldown.
   * A key Hub adds is picked up at its first token once the cooldown since
   * the last fetch has passed. Default 30 000.
   */
  jwksCooldownMs?: number;
}

export type HubTokenVerifier = (token: string) => Promise<UserPrincipal>;

/**
 * Verifies a Hub-issued JWT (RS256 or ES256 only: `alg: none` and HMAC are
 * refused) and maps its claims to a principal. Accepts both our short claim
 * names (`org`, `role`, `products`) and Hub's (`tenantId`, `orgRole`,
 * `entitlements`); Hub's granular `permissions` (strings with wildcards)
 * narrow the role's. A remote JWKS is cached and refetched when a token
 * names a key it does not hold (Hub rotated), at most once per cooldown.
 */
export function createHubTokenVerifier(options: HubVerifierOptions): HubTokenVerifier {
  const keys =
    options.jwks instanceof URL
      ? createRemoteJWKSet(options.jwks, {
          cacheMaxAge: options.jwksCacheMaxAgeMs ?? 600_000,
          cooldownDuration: options.jwksCooldownMs ?? 30_000,
          timeoutDuration: 5_000,
        })
      : createLocalJWKSet(options.jwks);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256', 'ES256'],
        clockTolerance: options.clockToleranceSec ?? 30,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      const reason = error instanceof joseErrors.JWTExpired ? 'token expired' : 'invalid token';
      throw codedError(ErrorCode.UNAUTHENTICATED, `Authentication failed: ${reason}`);
    }
    const org = payload['org'] ?? payload['tenantId'];
    const role = parseRole(payload['role'] ?? payload['orgRole']);
    const entitlements = payload['entitlements'] ?? payload['products'] ?? ['crm'];
    if (typeof org !== 'string' || org.length === 0 || !role || typeof payload.sub !== 'string') {
      throw codedError(ErrorCode.UNAUTHENTICATED, 'Authentication failed: token lacks org or role');
    }
    const products = Array.isArray(entitlements) ? entitlements.filter((p): p is string => typeof p === 'string') : [];
    if (!products.includes('crm')) throw codedError(ErrorCode.FORBIDDEN, 'This user has no access to CRM');
    const permissions = parsePermissions(payload['permissions']);
    return { kind: 'user', sub: payload.sub, org, role, products, ...(permissions ? { permissions } : {}), expiresAt: payload.exp! };
  };
}
