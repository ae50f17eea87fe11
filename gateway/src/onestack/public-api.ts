import type { Credentials } from '../auth.ts';
import type { GatewayPlugin } from '../plugin.ts';
import { createRateLimiter, type RateLimitOptions } from '../security/rate-limit.ts';

const PUBLIC_API_KEY = /^tos_/;

/**
 * Whether the credential is a public API key (`tos_…`), in whichever header
 * carries it: `Authorization: Bearer tos_…` or `X-Integration-Key: tos_…`.
 */
const presentsPublicApiKey = (credentials: Credentials) => {
  const bearer = /^Bearer\s+(\S+)$/i.exec(credentials['authorization']?.trim() ?? '')?.[1];
  return PUBLIC_API_KEY.test(bearer ?? '') || PUBLIC_API_KEY.test(credentials['x-integration-key']?.trim() ?? '');
};

/**
 * The public API's limit: calls made with `tos_` keys are held to their
 * organisation's limit (all of its public API keys share it, as the public
 * API documents, whichever header carries the key), instead of the
 * per-caller one, over every transport; it reports it in the
 * `X-RateLimit-*` headers. Default 100 a minute; false leaves such calls to
 * the per-caller limit.
 */
export function publicApiPlugin(limit: RateLimitOptions | false = { points: 100, durationSec: 60 }): GatewayPlugin {
  if (limit === false) return { name: 'public API' };
  const limiter = createRateLimiter(limit);
  return {
    name: 'public API',
    rateLimits: [
      {
        name: 'public API',
        limiter,
        keyOf: ({ principal, credentials }) => (principal?.kind === 'integration' && presentsPublicApiKey(credentials) ? `tos:${principal.org}` : undefined),
      },
    ],
  };
}
