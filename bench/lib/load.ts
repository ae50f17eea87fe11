import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  connections: number;
  durationSec: number;
  /** Every response must have exactly this body; others count as mismatches (errors). */
  expectBody?: string;
}

export interface LoadResult {
  /** Completed requests per second over the run. */
  requestsPerSec: number;
  /** Requests completed within the run. */
  requests: number;
  /** Requests sent: the completed ones and those still in flight when the run ended. */
  sent: number;
  latencyMs: { p50: number; p99: number; mean: number };
  /** Connection errors, timeouts, non-2xx responses and mismatched bodies, added up. */
  errors: number;
  detail: { errors: number; timeouts: number; non2xx: number; mismatches: number };
  durationSec: number;
}

/** Fixed connections for a fixed time, as the public benchmark's constant-VU k6 scenario does. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    connections: options.connections,
    duration: options.durationSec,
    // k6's default: under 50 connections a slow gateway's queue grows past autocannon's 10 s default
    timeout: 60,
    ...(options.expectBody !== undefined ? { expectBody: options.expectBody } : {}),
  });
  const detail = { errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, mismatches: result.mismatches };
  return {
    requestsPerSec: result.requests.total / result.duration,
    requests: result.requests.total,
    sent: result.requests.sent,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.mean },
    errors: detail.errors + detail.non2xx + detail.mismatches,
    detail,
    durationSec: result.duration,
  };
}
