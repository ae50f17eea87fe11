export { parseTracingConfig, type OtlpProtocol, type ParsedTracingConfig, type SamplerName, type TracingConfig } from './config.ts';
export { startTracing, startTracingFromEnv, type StartTracingOptions, type Tracing } from './start.ts';
export { tracingActive } from './state.ts';
export { currentLogFields, withLogFields } from './log-context.ts';
export {
  activeSpanContext,
  bindEmitter,
  carrierOf,
  contextOf,
  contextWithSpan,
  currentTraceCarrier,
  extractContext,
  failSpan,
  injectContext,
  linkTo,
  logCorrelation,
  messagingAttributes,
  startSpan,
  withActiveSpan,
  withSpan,
  type SpanOptions,
  type TraceCarrier,
} from './instrument.ts';
export {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
