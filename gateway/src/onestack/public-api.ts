import type { GatewayPlugin } from '../plugin.ts';
import { rateLimitHook } from '../http/hooks/rate-limit.ts';
import { createRateLimiter, type RateLimitOptions } from '../security/rate-limit.ts';

/** Whether the credential is a public API key (`Authorization: Bearer tos_…`). */
const isPublicApiKey = (authorization: string | undefined) => authorization !== undefined && /^Bearer\s+tos_/i.test(authorization.trim());

/**
 * The public API's limit: calls made with `tos_` keys are held to their
 * organisation's limit (all of its public API keys share it, as the public
 * API documents), instead of the per-caller one; it reports it in the
 * `X-RateLimit-*` headers. Default 100 a minute; false leaves such calls to
 * the per-caller limit.
 */
export function publicApiPlugin(limit: RateLimitOptions | false = { points: 100, durationSec: 60 }): GatewayPlugin {
  if (limit === false) return { name: 'public API' };
  const limiter = createRateLimiter(limit);
  return {
    name: 'public API',
    onRequest: rateLimitHook('public API', limiter, ({ principal, credentials }) =>
      principal?.kind === 'integration' && isPublicApiKey(credentials['authorization']) ? `tos:${principal.org}` : undefined,
    ),
  };
}
