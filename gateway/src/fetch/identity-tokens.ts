import type { InternalTokens, Principal } from '@onegraph/auth';
import { identityKey } from './identity-key.ts';

/**
 * The identity tokens forwarded to subgraphs, signed once per principal and
 * reused until half their lifetime has passed. A signature costs more than
 * a small subgraph call; keyed by the request context instead, every
 * subscription event's resolution (Apollo copies the context it is given)
 * and every request of a busy caller signed anew. Keyed by the whole
 * principal (`identityKey`), so no two callers ever share a token.
 */
export interface IdentityTokens {
  tokenFor(principal: Principal): Promise<string>;
}

export function createIdentityTokens(internalTokens: InternalTokens, options: { reuseMs?: number; maxEntries?: number } = {}): IdentityTokens {
  // internal tokens live 60 s: one is never sent more than 30 s after it was signed
  const reuseMs = options.reuseMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { token: Promise<string>; until: number }>();
  return {
    tokenFor(principal) {
      const key = identityKey(principal);
      const now = Date.now();
      const cached = cache.get(key);
      if (cached && cached.until > now) return cached.token;
      if (cache.size >= maxEntries) {
        for (const [k, entry] of cache) if (entry.until <= now) cache.delete(k);
        // still full of live entries: drop the oldest (Map keeps insertion order)
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      }
      const token = internalTokens.sign(principal);
      cache.set(key, { token, until: now + reuseMs });
      // a failed signature is not kept
      token.catch(() => cache.delete(key));
      return token;
    },
  };
}
