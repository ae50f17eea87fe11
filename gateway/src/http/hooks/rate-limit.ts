import { ErrorCode } from '@onegraph/errors';
import type { RateDecision } from '../../security/rate-limit.ts';
import type { GraphqlRequest, RequestHook } from '../../plugin.ts';

/**
 * Holds a request to a rate limit under `keyOf(request)` (undefined: this
 * limit does not apply), unless an earlier hook's limit already held it.
 * Answers with the `X-RateLimit-*` headers, and RATE_LIMITED with
 * `Retry-After` beyond the limit.
 */
export function rateLimitHook(
  name: string,
  limiter: (key: string) => Promise<RateDecision>,
  keyOf: (request: GraphqlRequest) => string | undefined,
): RequestHook {
  return async (request) => {
    if (request.rateLimitedBy !== undefined) return undefined;
    const key = keyOf(request);
    if (key === undefined) return undefined;
    request.rateLimitedBy = name;
    const decision = await limiter(key);
    for (const [header, value] of Object.entries(decision.headers)) request.res.setHeader(header, value);
    return decision.allowed ? undefined : { refuse: ErrorCode.RATE_LIMITED, message: `Rate limit exceeded: retry in ${decision.retryAfterSec} s` };
  };
}

/** The per-caller key: the user or key (kind, organisation, subject), or the client address when anonymous. */
export const callerKey = ({ principal, req }: GraphqlRequest) =>
  principal ? `${principal.kind}:${principal.org}:${principal.sub}` : `ip:${req.socket.remoteAddress ?? 'unknown'}`;
