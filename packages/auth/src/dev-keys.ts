import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import type { Role } from './principal.ts';

/** Issuer and audience of development tokens (what a Hub deployment configures). */
export const DEV_ISSUER = 'https://hub.onestack.local';
export const DEV_AUDIENCE = 'onegraph';

/** What a development token says; it is signed with Hub's claim names unless `claimNames` says otherwise. */
export interface DevTokenClaims {
  /** Hub user id. Default `dev-user`. */
  sub?: string;
  /** The organisation (Hub's `tenantId`). */
  org: string;
  /** The organisation role (Hub's `orgRole`, sent lower-case as Hub does). */
  role: Role;
  /**
   * Product slugs (Hub's `entitlements`). Default `['crm']`; `null` leaves
   * the claim out (such a token is refused: see docs/security.md).
   */
  products?: string[] | null;
  /** Hub's granular permissions; left out when absent. */
  permissions?: string[];
  /** Lifetime (jose's form: `8h`, `-1m`, or seconds). Default `8h`. */
  expiresIn?: string | number;
  /**
   * `hub` (the default): the claims Hub signs (`tenantId`, `tenantSlug`,
   * `tenantName`, `orgRole`, `entitlements`, `email`, `firstName`,
   * `lastName`). `short`: the short development names (`org`, `role`,
   * `products`), still accepted by the verifier.
   */
  claimNames?: 'hub' | 'short';
}

export interface DevKeys {
  jwks: JSONWebKeySet;
  /** Signs a token as Hub would. */
  issueToken(claims: DevTokenClaims): Promise<string>;
}

/** The claims of a development token, in Hub's shape or the short one. */
export function devTokenPayload(claims: DevTokenClaims): Record<string, unknown> {
  const { sub = 'dev-user', org, role, products = ['crm'], permissions, claimNames = 'hub' } = claims;
  const extra = { ...(products === null ? {} : claimNames === 'hub' ? { entitlements: products } : { products }), ...(permissions ? { permissions } : {}) };
  if (claimNames === 'short') return { org, role, ...extra };
  return {
    tenantId: org,
    tenantSlug: org,
    tenantName: org,
    orgRole: role.toLowerCase(),
    email: `${sub}@${org}.example`,
    firstName: 'Dev',
    lastName: sub,
    ...extra,
  };
}

interface StoredKeys {
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * A local ES256 key pair standing in for Hub in development and tests. With
 * a file it is created once and reused, so `npm run token` and `npm start`
 * agree; without one it lives in memory.
 */
export async function loadDevKeys(file?: string): Promise<DevKeys> {
  let stored: StoredKeys | undefined;
  if (file) {
    stored = await readFile(file, 'utf8').then(
      (text) => JSON.parse(text) as StoredKeys,
      () => undefined,
    );
  }
  if (!stored) {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `dev-${Date.now().toString(36)}`;
    stored = {
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' },
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' },
    };
    if (file) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(stored), { mode: 0o600 });
    }
  }
  const { privateJwk, publicJwk } = stored;
  const privateKey = await importJWK(privateJwk, 'ES256');
  return {
    jwks: { keys: [publicJwk] },
    issueToken: (claims) =>
      new SignJWT(devTokenPayload(claims))
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid! })
        .setSubject(claims.sub ?? 'dev-user')
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(claims.expiresIn ?? '8h')
        .sign(privateKey),
  };
}
