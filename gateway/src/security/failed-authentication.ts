import { createHash } from 'node:crypto';
import { codedError, codeOf, ErrorCode } from '@onegraph/errors';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Authenticate, Credentials } from '../auth.ts';

export interface FailedAuthenticationOptions {
  /** Failed authentications allowed per source address and window before unknown credentials from it are refused unverified. */
  failures: number;
  /** Window length in seconds. */
  durationSec: number;
  /** Credentials remembered as having verified (so their holders are never refused for a neighbour's failures). Default 10,000. */
  rememberVerified?: number;
  /** The credential headers besides `authorization` (the plugins' credential kinds). */
  credentialHeaders: readonly string[];
}

/**
 * Limits failed authentication per source address, for every transport that
 * authenticates (HTTP requests and graphql-ws connections): a source that
 * presented `failures` credentials that did not verify within the window has
 * its next unknown credentials refused with RATE_LIMITED (429, `Retry-After`)
 * without asking the verifier, so a scan of invented keys cannot load the key
 * store.
 *
 * Valid callers are not hurt, also behind a proxy that makes everyone share
 * an address: a credential that verified before is always verified again
 * (remembered by its hash, never trusted on that alone), and Hub tokens (JWTs,
 * verified locally by signature at no cost to any store) are never refused
 * for their address.
 */
export function guardFailedAuthentication(authenticate: Authenticate, options: FailedAuthenticationOptions): Authenticate {
  const failures = new RateLimiterMemory({ points: options.failures, duration: options.durationSec });
  const verified = new RememberedSet(options.rememberVerified ?? 10_000);
  return async (credentials, source) => {
    const key = storedCredentialKey(credentials, options.credentialHeaders);
    if (key === undefined || source === undefined) return authenticate(credentials, source);
    if (!verified.has(key)) {
      const record = await failures.get(source);
      if (record && record.consumedPoints >= options.failures) {
        const retryAfterSec = Math.max(1, Math.ceil(record.msBeforeNext / 1000));
        throw codedError(ErrorCode.RATE_LIMITED, `Too many failed authentications from this address: retry in ${retryAfterSec} s`, { retryAfterSec });
      }
    }
    try {
      const principal = await authenticate(credentials, source);
      verified.add(key);
      return principal;
    } catch (error) {
      if (codeOf(error) === ErrorCode.UNAUTHENTICATED) await failures.penalty(source, 1);
      throw error;
    }
  };
}

/**
 * A digest of the credential a request presents when verifying it may cost a
 * store lookup (a key in a header of its own, or a bearer that is not a JWT);
 * undefined for none, or for a JWT alone.
 */
function storedCredentialKey(credentials: Credentials, headers: readonly string[]): string | undefined {
  const parts: string[] = [];
  for (const header of headers) {
    const value = credentials[header];
    if (value !== undefined) parts.push(`${header}:${value}`);
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(credentials['authorization']?.trim() ?? '')?.[1];
  if (bearer !== undefined && !JWT.test(bearer)) parts.push(`bearer:${bearer}`);
  if (parts.length === 0) return undefined;
  return createHash('sha256').update(parts.join('\n')).digest('base64url');
}

const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** A bounded set: the oldest entry leaves when it is full. */
class RememberedSet {
  readonly #entries = new Set<string>();
  constructor(readonly max: number) {}
  has(key: string): boolean {
    return this.#entries.has(key);
  }
  add(key: string): void {
    this.#entries.delete(key);
    this.#entries.add(key);
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.values().next().value!);
  }
}
