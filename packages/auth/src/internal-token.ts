import { jwtVerify, SignJWT } from 'jose';
import { codedError, ErrorCode } from '@onegraph/errors';
import { parseRole, type Principal } from './principal.ts';

/** The header that carries the caller's identity from the gateway to a subgraph. */
export const INTERNAL_TOKEN_HEADER = 'x-onegraph-principal';

const AUDIENCE = 'onegraph-subgraph';
const ISSUER = 'onegraph-gateway';

export interface InternalTokens {
  sign(principal: Principal): Promise<string>;
  /** Verifies a token from the header; throws UNAUTHENTICATED when missing, forged or expired. */
  verify(token: string | undefined): Promise<Principal>;
}

/**
 * Short-lived (60 s) HS256 tokens the gateway signs for each subgraph call,
 * with a secret shared by the gateway and the subgraphs. A subgraph reached
 * directly, without one, refuses the call: the subgraphs never trust an
 * identity they cannot verify.
 */
export function createInternalTokens(secret: string, ttlSeconds = 60): InternalTokens {
  if (secret.length < 32) throw new Error('the internal token secret must be at least 32 characters');
  const key = new TextEncoder().encode(secret);
  return {
    sign: (p) =>
      new SignJWT({ org: p.org, role: p.role, products: [...p.products], kind: p.kind })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(p.sub)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
    async verify(token) {
      if (!token) throw codedError(ErrorCode.UNAUTHENTICATED, 'Missing internal identity token');
      try {
        const { payload } = await jwtVerify(token, key, { audience: AUDIENCE, issuer: ISSUER, algorithms: ['HS256'] });
        const role = parseRole(payload['role']);
        const org = payload['org'];
        const products = payload['products'];
        if (!role || typeof org !== 'string' || typeof payload.sub !== 'string' || !Array.isArray(products)) {
          throw new Error('incomplete claims');
        }
        return { kind: 'user', sub: payload.sub, org, role, products: products.map(String) };
      } catch {
        throw codedError(ErrorCode.UNAUTHENTICATED, 'Invalid internal identity token');
      }
    },
  };
}
