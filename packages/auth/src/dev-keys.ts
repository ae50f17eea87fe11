import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import type { Role } from './principal.ts';

/** Issuer and audience of development tokens (what a Hub deployment configures). */
export const DEV_ISSUER = 'https://hub.onestack.local';
export const DEV_AUDIENCE = 'onegraph';

export interface DevKeys {
  jwks: JSONWebKeySet;
  /** Signs a Hub-style token, as Hub would. */
  issueToken(claims: { sub?: string; org: string; role: Role; products?: string[]; permissions?: string[]; expiresIn?: string | number }): Promise<string>;
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
    issueToken: ({ sub = 'dev-user', org, role, products = ['crm'], permissions, expiresIn = '8h' }) =>
      new SignJWT({ org, role, products, ...(permissions ? { permissions } : {}) })
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid! })
        .setSubject(sub)
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey),
  };
}
