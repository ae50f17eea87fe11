import { createServer, type Server } from 'node:http';
import { close, listen, type ListenOptions, type Route } from '@onegraph/http';
import type { Metrics } from './metrics.ts';
import { checkReadiness, type ReadinessCheck } from './readiness.ts';

/** `GET /metrics`: the Prometheus text format of the service's metrics. */
export function metricsRoute(metrics: Metrics): Route {
  return { name: 'metrics', path: '/metrics', handle: (req, res) => metrics.handle(req, res) };
}

/**
 * `GET /ready`: 200 `{"status":"ready","checks":[…]}` when every check holds,
 * else 503 `{"status":"not ready","reasons":["…"],"checks":[…]}` with each
 * failing check's reason. For an orchestrator's readiness probe (`/health`
 * stays the liveness probe: it never looks at dependencies).
 */
export function readyRoute(checks: () => readonly ReadinessCheck[], timeoutMs?: number): Route {
  return {
    name: 'ready',
    path: '/ready',
    async handle(_req, res) {
      const { ready, checks: results } = await checkReadiness(checks(), timeoutMs);
      const reasons = results.flatMap((r) => (r.ok ? [] : [`${r.name}: ${r.reason}`]));
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(ready ? { status: 'ready', checks: results } : { status: 'not ready', reasons, checks: results }));
    },
  };
}

/** A server answering every path with the metrics: `METRICS_PORT`, when the metrics are to be scraped off the service's own port. */
export interface MetricsServer extends AsyncDisposable {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveMetrics(metrics: Metrics, options: ListenOptions): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => metrics.handle(req, res));
  const base = await listen(server, options);
  const stop = () => close(server);
  return { url: `${base}/metrics`, close: stop, [Symbol.asyncDispose]: stop };
}
