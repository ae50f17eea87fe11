import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Integration keys: `ogk_<prefix>_<secret>` (or `tos_<prefix>_<secret>`, the
 * public API's form). The prefix (8 characters of `a-z0-9`) is public: it
 * names the key in lists and logs and finds its record. The secret (40
 * base62 characters, about 238 random bits) is shown once; only its sha256
 * is stored. A plain hash is enough because the secret is random and long
 * (nothing to brute-force from a dictionary); a slow password hash would
 * only slow every request down.
 */
export const integrationKeyFormats = ['ogk', 'tos'] as const;
export type IntegrationKeyFormat = (typeof integrationKeyFormats)[number];

export interface ParsedIntegrationKey {
  format: IntegrationKeyFormat;
  prefix: string;
  secret: string;
}

const KEY = /^(ogk|tos)_([a-z0-9]{8})_([A-Za-z0-9]{32,128})$/;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const BASE36 = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Whether a credential has the form of an integration key (nothing is verified). */
export function parseIntegrationKey(text: string): ParsedIntegrationKey | undefined {
  const match = KEY.exec(text);
  return match ? { format: match[1] as IntegrationKeyFormat, prefix: match[2]!, secret: match[3]! } : undefined;
}

/** Uniform random characters of `alphabet` (rejection sampling: no modulo bias). */
export function randomChars(length: number, alphabet: string = BASE62): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** A new key: its plaintext (to show once), prefix and the secret's hash (to store). */
export function generateIntegrationKey(format: IntegrationKeyFormat = 'ogk'): { plaintext: string; prefix: string; secretSha256: string } {
  const prefix = randomChars(8, BASE36);
  const secret = randomChars(40);
  return { plaintext: `${format}_${prefix}_${secret}`, prefix, secretSha256: hashSecret(secret) };
}

/** The stored form of a secret: sha256, hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedSha256: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedSha256, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
