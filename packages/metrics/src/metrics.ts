import type { IncomingMessage, ServerResponse } from 'node:http';
import { createNoopMeter, type Meter } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * One deployable's metrics: an OpenTelemetry `MeterProvider` of its own (not
 * the process-global one, so the three services `npm start` runs in one
 * process, or the stacks a test file starts, each keep their own series)
 * read by the Prometheus exporter, whose text is served by our own route
 * (`metricsRoute`) or on a port of its own (`serveMetrics`).
 */
export interface Metrics extends AsyncDisposable {
  /** The service name (`service.name`, also the `job` Prometheus gives the target). */
  readonly service: string;
  /** Where instruments are created; a no-op meter in `noopMetrics`. */
  readonly meter: Meter;
  /** Answers a scrape with the Prometheus text format (any path). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  shutdown(): Promise<void>;
}

export interface MetricsOptions {
  /** `service.name`: `onegraph-gateway`, `onegraph-crm`, `onegraph-integrations`. */
  service: string;
}

/** Seconds: the buckets of every duration histogram (5 ms to 10 s, the OpenTelemetry HTTP advice). */
export const DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export function createMetrics(options: MetricsOptions): Metrics {
  // the route serves the text: the exporter's own server is never started
  const exporter = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ 'service.name': options.service }), readers: [exporter] });
  const meter = provider.getMeter('onegraph');
  let stopped: Promise<void> | undefined;
  const shutdown = () => (stopped ??= provider.shutdown());
  return {
    service: options.service,
    meter,
    handle: (req, res) => exporter.getMetricsRequestHandler(req, res),
    shutdown,
    [Symbol.asyncDispose]: shutdown,
  };
}

/** Metrics that record nothing, for code run without a deployable (unit tests, tools). */
export const noopMetrics: Metrics = {
  service: 'none',
  meter: createNoopMeter(),
  handle: (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('');
  },
  shutdown: async () => {},
  [Symbol.asyncDispose]: async () => {},
};

/** Seconds since a `performance.now()` reading: what duration histograms record. */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
