import { createSecretKey } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { codedError, ErrorCode } from '@onegraph/errors';
import { parsePermissions } from './permissions.ts';
import { parseRole, unreachable, type Principal } from './principal.ts';

/** The header that carries the caller's identity from the gateway to a subgraph. */
export const INTERNAL_TOKEN_HEADER = 'x-onegraph-principal';

const AUDIENCE = 'onegraph-subgraph';
const SERVICE_AUDIENCE = 'onegraph-service';
const ISSUER = 'onegraph-gateway';

export interface InternalTokens {
  sign(principal: Principal): Promise<string>;
  /** Verifies a token from the header; throws UNAUTHENTICATED when missing, forged or expired. */
  verify(token: string | undefined): Promise<Principal>;
  /**
   * A service-to-service token (the gateway calling a subgraph's internal
   * endpoint, such as integration key verification). Its audience differs
   * from the identity tokens': neither is accepted in place of the other.
   */
  signService(service: string): Promise<string>;
  /** Verifies a service token; resolves with the calling service's name, throws UNAUTHENTICATED otherwise. */
  verifyService(token: string | undefined): Promise<string>;
}

/** The claims each kind of principal travels with (besides `sub`, `iss`, `aud`, `iat`, `exp`). */
function claimsOf(p: Principal): Record<string, unknown> {
  const common = { kind: p.kind, org: p.org, ...(p.expiresAt !== undefined ? { pexp: p.expiresAt } : {}) };
  switch (p.kind) {
    case 'user':
      return { ...common, role: p.role, products: [...p.products], ...(p.permissions ? { permissions: [...p.permissions] } : {}) };
    case 'jarvis':
      return { ...common, role: p.role, products: [...p.products], ...(p.permissions ? { permissions: [...p.permissions] } : {}), act: { sub: p.actor } };
    case 'integration':
      return {
        ...common,
        keyId: p.keyId,
        product: p.product,
        scopes: [...p.scopes],
        ...(p.portal ? { portal: { companyId: p.portal.companyId, features: [...p.portal.features] } } : {}),
      };
    default:
      return unreachable(p);
  }
}

const strings = (value: unknown): string[] | undefined => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined);

/** The principal a verified payload describes; throws when a claim its kind needs is missing. */
function principalOf(payload: JWTPayload): Principal {
  const { org, sub } = payload;
  if (typeof org !== 'string' || org.length === 0 || typeof sub !== 'string') throw new Error('incomplete claims');
  const pexp = payload['pexp'];
  const base = { org, sub, ...(typeof pexp === 'number' ? { expiresAt: pexp } : {}) };
  const kind = payload['kind'];
  switch (kind) {
    case 'user':
    case 'jarvis': {
      const role = parseRole(payload['role']);
      const products = strings(payload['products']);
      if (!role || !products) throw new Error('incomplete claims');
      const permissions = parsePermissions(payload['permissions']);
      const person = { ...base, role, products, ...(permissions ? { permissions } : {}) };
      if (kind === 'user') return { kind, ...person };
      if ((payload['act'] as { sub?: unknown } | undefined)?.sub !== 'jarvis') throw new Error('incomplete claims');
      return { kind, ...person, actor: 'jarvis', readOnly: true };
    }
    case 'integration': {
      const { keyId, product } = payload;
      const scopes = strings(payload['scopes']);
      if (typeof keyId !== 'string' || typeof product !== 'string' || !scopes) throw new Error('incomplete claims');
      const portal = payload['portal'] as { companyId?: unknown; features?: unknown } | undefined;
      if (portal === undefined) return { kind, ...base, keyId, product, scopes };
      const features = strings(portal.features);
      if (typeof portal.companyId !== 'string' || !features) throw new Error('incomplete claims');
      return { kind, ...base, keyId, product, scopes, portal: { companyId: portal.companyId, features } };
    }
    default:
      throw new Error(`unknown principal kind ${String(kind)}`);
  }
}

/**
 * Short-lived (60 s) HS256 tokens the gateway signs for each subgraph call,
 * with a secret shared by the gateway and the subgraphs. A subgraph reached
 * directly, without one, refuses the call: the subgraphs never trust an
 * identity they cannot verify. Every kind of principal travels faithfully
 * (its `kind` and the claims that kind has).
 */
export function createInternalTokens(secret: string, ttlSeconds = 60): InternalTokens {
  if (secret.length < 32) throw new Error('the internal token secret must be at least 32 characters');
  // one KeyObject for every signature and verification: jose would import raw bytes anew each time
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  /**
   * Tokens verified, until they expire: the gateway reuses a principal's
   * token for up to 30 s (gateway/src/fetch/identity-tokens.ts), and an
   * HMAC verification through WebCrypto costs a subgraph more than a small
   * request. Keyed by the whole token, signature included, so only a token
   * byte for byte equal to one verified is accepted from here; a failure is
   * never kept.
   */
  const verified = new Map<string, { principal: Principal; expiresAtMs: number }>();
  const VERIFIED_KEPT = 10_000;
  return {
    sign: (p) =>
      new SignJWT(claimsOf(p))
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(p.sub)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    async verify(token) {
      if (!token) throw codedError(ErrorCode.UNAUTHENTICATED, 'Missing internal identity token');
      const now = Date.now();
      const known = verified.get(token);
      // jose refuses a token at its `exp` second (no clock tolerance): so does the cache
      if (known && now < known.expiresAtMs) return known.principal;
      let principal: Principal;
      let exp: number | undefined;
      try {
        const { payload } = await jwtVerify(token, key, { audience: AUDIENCE, issuer: ISSUER, algorithms: ['HS256'] });
        principal = principalOf(payload);
        exp = payload.exp;
      } catch {
        if (known) verified.delete(token);
        throw codedError(ErrorCode.UNAUTHENTICATED, 'Invalid internal identity token');
      }
      if (exp !== undefined) {
        if (verified.size >= VERIFIED_KEPT) {
          for (const [t, entry] of verified) if (entry.expiresAtMs <= now) verified.delete(t);
          if (verified.size >= VERIFIED_KEPT) verified.delete(verified.keys().next().value!);
        }
        verified.set(token, { principal, expiresAtMs: exp * 1000 });
      }
      return principal;
    },
    signService: (service) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(service)
        .setIssuer(ISSUER)
        .setAudience(SERVICE_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    async verifyService(token) {
      if (!token) throw codedError(ErrorCode.UNAUTHENTICATED, 'Missing service token');
      try {
        const { payload } = await jwtVerify(token, key, { audience: SERVICE_AUDIENCE, issuer: ISSUER, algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] });
        return payload.sub!;
      } catch {
        throw codedError(ErrorCode.UNAUTHENTICATED, 'Invalid service token');
      }
    },
  };
}
