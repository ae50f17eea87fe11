import type { Counter, Gauge, Histogram, UpDownCounter } from '@opentelemetry/api';
import { DURATION_BUCKETS, noopMetrics, type Metrics } from './metrics.ts';

/**
 * How every service makes its instruments, so that each kind is made one
 * way: durations are histograms in seconds with the same buckets, counts
 * carry a unit in braces (`{message}`), and every instrument says what it
 * counts (the description Prometheus shows as `# HELP`).
 */
export interface InstrumentFactory {
  /** A duration histogram, in seconds; buckets `DURATION_BUCKETS` (5 ms … 10 s) unless given. */
  duration(name: string, description: string, buckets?: readonly number[]): Histogram;
  /** A monotonic count (Prometheus adds `_total`). */
  counter(name: string, description: string, unit: string): Counter;
  /** A count that goes up and down (open connections): a Prometheus gauge. */
  upDownCounter(name: string, description: string, unit: string): UpDownCounter;
  /** A value read when it changes (a consumer's lag): a Prometheus gauge. */
  gauge(name: string, description: string, unit: string): Gauge;
}

/** The instrument factory over a service's metrics (a no-op one without metrics). */
export function instrumentsOf(metrics: Metrics = noopMetrics): InstrumentFactory {
  const { meter } = metrics;
  return {
    duration: (name, description, buckets = DURATION_BUCKETS) =>
      meter.createHistogram(name, { description, unit: 's', advice: { explicitBucketBoundaries: [...buckets] } }),
    counter: (name, description, unit) => meter.createCounter(name, { description, unit }),
    upDownCounter: (name, description, unit) => meter.createUpDownCounter(name, { description, unit }),
    gauge: (name, description, unit) => meter.createGauge(name, { description, unit }),
  };
}
