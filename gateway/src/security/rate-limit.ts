import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** Requests allowed per window. */
  points: number;
  /** Window length in seconds. */
  durationSec: number;
}

export type RateDecision = { allowed: true; headers: Record<string, string> } | { allowed: false; retryAfterSec: number; headers: Record<string, string> };

/** Takes `points` (default 1: one operation) from `key`'s budget. */
export type RateLimiter = (key: string, points?: number) => Promise<RateDecision>;

/**
 * Fixed-window rate limits per caller (rate-limiter-flexible, in memory: per
 * gateway instance). Answers with the `X-RateLimit-*` headers the public API
 * documents, and `Retry-After` when refused.
 */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const limiter = new RateLimiterMemory({ points: options.points, duration: options.durationSec });
  const headersOf = (res: RateLimiterRes) => ({
    'x-ratelimit-limit': String(options.points),
    'x-ratelimit-remaining': String(Math.max(0, res.remainingPoints)),
    'x-ratelimit-reset': String(Math.ceil((Date.now() + res.msBeforeNext) / 1000)),
  });
  return async (key, points = 1) => {
    try {
      const res = await limiter.consume(key, points);
      return { allowed: true, headers: headersOf(res) };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSec = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      return { allowed: false, retryAfterSec, headers: { ...headersOf(rejection), 'retry-after': String(retryAfterSec) } };
    }
  };
}
