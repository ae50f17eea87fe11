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
 * refused) and maps its claims to a principal. Reads Hub's claim names
 * (`tenantId`, `orgRole`, `entitlements`) and, for older development tokens,
 * the short ones (`org`, `role`, `products`); both present and different is
 * `UNAUTHENTICATED`. The entitlements must include `crm`; a token without
 * any entitlements claim is `FORBIDDEN` like one without `crm` (no default
 * product). Hub's granular `permissions` (strings with wildcards) narrow the
 * role's. A remote JWKS is cached and refetched when a token
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
    const org = claim(payload, 'tenantId', 'org');
    const role = parseRole(claim(payload, 'orgRole', 'role'));
    if (typeof org !== 'string' || org.length === 0 || !role || typeof payload.sub !== 'string') {
      throw codedError(ErrorCode.UNAUTHENTICATED, 'Authentication failed: token lacks org or role');
    }
    const entitlements = claim(payload, 'entitlements', 'products');
    // No entitlements claim grants no product: Hub always sends one, so a
    // token without it is not a CRM session (fail closed, never default to CRM).
    if (entitlements === undefined) throw codedError(ErrorCode.FORBIDDEN, 'This user has no access to CRM: the token carries no entitlements');
    if (!Array.isArray(entitlements)) throw codedError(ErrorCode.UNAUTHENTICATED, 'Authentication failed: malformed entitlements');
    const products = entitlements.filter((p): p is string => typeof p === 'string');
    if (!products.includes('crm')) throw codedError(ErrorCode.FORBIDDEN, 'This user has no access to CRM');
    const permissions = parsePermissions(payload['permissions']);
    return { kind: 'user', sub: payload.sub, org, role, products, ...(permissions ? { permissions } : {}), expiresAt: payload.exp! };
  };
}

/**
 * A claim under Hub's name or our short one. A token carrying both with
 * different values is refused: the graph never guesses which one was meant.
 */
function claim(payload: JWTPayload, hubName: string, shortName: string): unknown {
  const hub = payload[hubName];
  const short = payload[shortName];
  if (hub !== undefined && short !== undefined && JSON.stringify(hub) !== JSON.stringify(short)) {
    throw codedError(ErrorCode.UNAUTHENTICATED, `Authentication failed: the token's ${hubName} and ${shortName} claims disagree`);
  }
  return hub ?? short;
}
