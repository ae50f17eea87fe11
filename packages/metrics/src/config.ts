import type { EnvReader } from '@onegraph/config';

/** Where a deployable serves its metrics (every deployable reads the same variable). */
export interface MetricsConfig {
  /** `METRICS_PORT`: a port of their own for `/metrics`; undefined (the default) serves them on the service's own port. */
  port: number | undefined;
}

export function readMetricsConfig(r: EnvReader): MetricsConfig {
  return { port: r.string('METRICS_PORT') === undefined ? undefined : r.port('METRICS_PORT', 9464) };
}
