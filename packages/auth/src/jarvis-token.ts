import { createHmac, createSecretKey } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { codedError, ErrorCode } from '@onegraph/errors';
import { parsePermissions } from './permissions.ts';
import { parseRole, type JarvisPrincipal, type UserPrincipal } from './principal.ts';

/** The audience of delegated tokens: only the gateway accepts them, and nothing else accepts them. */
export const JARVIS_AUDIENCE = 'onegraph-jarvis';
const ISSUER = 'onegraph-gateway';
/** The JOSE `typ` that tells a delegated token from a Hub token before verifying it. */
const TYP = 'onegraph-jarvis+jwt';

export interface JarvisTokens {
  /**
   * A delegated token for Jarvis acting for `user`: the user's identity,
   * read-only, for `ttlSeconds` (default 300) and never beyond the user's
   * own token expiry.
   */
  issue(user: UserPrincipal, options?: { ttlSeconds?: number }): Promise<{ token: string; expiresAt: number }>;
  /** Verifies a delegated token; throws UNAUTHENTICATED when forged, expired or for another audience. */
  verify(token: string): Promise<JarvisPrincipal>;
}

/** Whether a bearer token presents itself as a delegated Jarvis token (by its header, unverified). */
export function looksLikeJarvisToken(token: string): boolean {
  try {
    return decodeProtectedHeader(token).typ === TYP;
  } catch {
    return false;
  }
}

/**
 * Delegated tokens for Jarvis (HS256). Their key is derived from `secret`
 * (the internal token secret every gateway instance shares) with its own
 * label, so it is never the key of the internal identity tokens, and any
 * gateway instance verifies what another issued.
 */
export function createJarvisTokens(secret: string, options: { defaultTtlSeconds?: number; clockToleranceSec?: number } = {}): JarvisTokens {
  if (secret.length < 32) throw new Error('the Jarvis token secret must be at least 32 characters');
  // one KeyObject for every signature and verification (jose would import raw bytes anew each time)
  const key = createSecretKey(createHmac('sha256', secret).update('onegraph-jarvis-delegated-token').digest());
  const defaultTtl = options.defaultTtlSeconds ?? 300;
  return {
    async issue(user, issueOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      const ttl = issueOptions.ttlSeconds ?? defaultTtl;
      const expiresAt = Math.min(now + ttl, user.expiresAt ?? Number.POSITIVE_INFINITY);
      const token = await new SignJWT({
        org: user.org,
        role: user.role,
        products: [...user.products],
        ...(user.permissions ? { permissions: [...user.permissions] } : {}),
        act: { sub: 'jarvis' },
        scope: 'read',
      })
        .setProtectedHeader({ alg: 'HS256', typ: TYP })
        .setSubject(user.sub)
        .setIssuer(ISSUER)
        .setAudience(JARVIS_AUDIENCE)
        .setIssuedAt(now)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token) {
      let payload;
      try {
        ({ payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: JARVIS_AUDIENCE,
          algorithms: ['HS256'],
          typ: TYP,
          clockTolerance: options.clockToleranceSec ?? 0,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (error) {
        const reason = error instanceof joseErrors.JWTExpired ? 'delegated token expired' : 'invalid delegated token';
        throw codedError(ErrorCode.UNAUTHENTICATED, `Authentication failed: ${reason}`);
      }
      const role = parseRole(payload['role']);
      const { org } = payload;
      const products = payload['products'];
      const actor = (payload['act'] as { sub?: unknown } | undefined)?.sub;
      if (!role || typeof org !== 'string' || !Array.isArray(products) || actor !== 'jarvis') {
        throw codedError(ErrorCode.UNAUTHENTICATED, 'Authentication failed: delegated token lacks org, role or actor');
      }
      const permissions = parsePermissions(payload['permissions']);
      return {
        kind: 'jarvis',
        actor: 'jarvis',
        readOnly: true,
        sub: payload.sub!,
        org,
        role,
        products: products.map(String),
        ...(permissions ? { permissions } : {}),
        expiresAt: payload.exp!,
      };
    },
  };
}
