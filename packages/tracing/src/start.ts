import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { parseTracingConfig, type SamplerName, type TracingConfig } from './config.ts';
import { setTracingActive } from './state.ts';

/** A started SDK: `shutdown` flushes the spans still buffered and unregisters it. */
export interface Tracing extends AsyncDisposable {
  readonly enabled: boolean;
  /** Sends what is buffered now (tests read the collector after it). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const off: Tracing = {
  enabled: false,
  flush: async () => {},
  shutdown: async () => {},
  [Symbol.asyncDispose]: async () => {},
};

export interface StartTracingOptions {
  /** Export spans one by one as they end instead of in batches (tests). Default false. */
  exportEachSpan?: boolean;
}

/**
 * Starts the OpenTelemetry trace SDK for this process from a parsed
 * configuration: a tracer provider with the configured sampler and resource,
 * an OTLP/HTTP exporter (JSON or protobuf) behind a batch processor, the
 * W3C trace-context and baggage propagators and the AsyncLocalStorage
 * context manager, all registered globally. Undefined configuration: tracing
 * stays off and nothing is registered.
 */
export function startTracing(config: TracingConfig | undefined, options: StartTracingOptions = {}): Tracing {
  if (!config) return off;
  const exporterConfig = { url: config.tracesUrl, headers: config.headers };
  const exporter: SpanExporter = config.protocol === 'http/json' ? new OtlpJsonExporter(exporterConfig) : new OtlpProtobufExporter(exporterConfig);
  const processor = options.exportEachSpan
    ? new BatchSpanProcessor({ exporter, maxExportBatchSize: 1, scheduledDelayMillis: 0 })
    : new BatchSpanProcessor({ exporter });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ ...config.resourceAttributes, [ATTR_SERVICE_NAME]: config.serviceName }),
    sampler: samplerOf(config.sampler, config.samplerRatio),
    spanProcessors: [processor],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  trace.setGlobalTracerProvider(provider);
  setTracingActive(true);
  let stopped: Promise<void> | undefined;
  const shutdown = () =>
    (stopped ??= provider.shutdown().finally(() => {
      setTracingActive(false);
      trace.disable();
      propagation.disable();
      context.disable();
    }));
  return { enabled: true, flush: () => provider.forceFlush(), shutdown, [Symbol.asyncDispose]: shutdown };
}

function samplerOf(name: SamplerName, ratio: number): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
  }
}

/**
 * For a process entry (`main.ts`): reads the standard OTEL_* variables and
 * starts the SDK, or leaves tracing off. Throws listing every problem with
 * the variables, so the process refuses to start as it does for its own.
 */
export function startTracingFromEnv(env: Record<string, string | undefined>, defaultServiceName: string): Tracing {
  const { config, problems } = parseTracingConfig(env, defaultServiceName);
  if (problems.length > 0) throw new Error(`invalid tracing configuration:\n  ${problems.join('\n  ')}`);
  return startTracing(config);
}
