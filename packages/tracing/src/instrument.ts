import {
  context,
  propagation,
  ROOT_CONTEXT,
  type SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { currentLogFields } from './log-context.ts';
import { tracingActive } from './state.ts';

/** The W3C trace context of a message (CloudEvents' distributed-tracing extension attributes). */
export interface TraceCarrier {
  traceparent?: string | undefined;
  tracestate?: string | undefined;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  /** The parent; default the active context. */
  parent?: Context;
}

/**
 * Runs `fn` inside a new active span (ended when `fn` settles; a throw is
 * recorded and sets the status to error). With tracing off `fn` runs alone
 * with `undefined`: nothing is allocated.
 */
export function withSpan<T>(tracerName: string, name: string, options: SpanOptions, fn: (span: Span | undefined) => T): T {
  if (!tracingActive()) return fn(undefined);
  const parent = options.parent ?? context.active();
  const span = trace.getTracer(tracerName).startSpan(
    name,
    {
      ...(options.kind !== undefined ? { kind: options.kind } : {}),
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.links ? { links: options.links } : {}),
    },
    parent,
  );
  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), fn, undefined, span);
  } catch (error) {
    failSpan(span, error);
    span.end();
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        failSpan(span, error);
        span.end();
        throw error;
      },
    ) as T;
  }
  span.end();
  return result;
}

/** Starts a span that the caller ends; undefined with tracing off. */
export function startSpan(tracerName: string, name: string, options: SpanOptions = {}): Span | undefined {
  if (!tracingActive()) return undefined;
  return trace.getTracer(tracerName).startSpan(
    name,
    {
      ...(options.kind !== undefined ? { kind: options.kind } : {}),
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.links ? { links: options.links } : {}),
    },
    options.parent ?? context.active(),
  );
}

/** Runs `fn` with `span` as the active span (as it is with tracing off when `span` is undefined). */
export function withActiveSpan<T>(span: Span | undefined, fn: () => T): T {
  if (!span) return fn();
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** Records a failure on a span: the exception event, status error, and `error.type`. */
export function failSpan(span: Span | undefined, error: unknown, errorType?: string): void {
  if (!span) return;
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  span.setAttribute('error.type', errorType ?? (error instanceof Error ? error.name : 'Error'));
}

/** The trace context carried by incoming headers (`traceparent`, `tracestate`), to parent a SERVER span. */
export function extractContext(headers: Record<string, string | string[] | undefined>): Context {
  if (!tracingActive()) return context.active();
  return propagation.extract(context.active(), headers);
}

/** Writes the active trace context into outgoing headers (`traceparent`, `tracestate`). */
export function injectContext(headers: Record<string, string>): void {
  if (!tracingActive()) return;
  propagation.inject(context.active(), headers);
}

/** The active trace context as CloudEvents distributed-tracing attributes; empty when no span is active. */
export function currentTraceCarrier(): TraceCarrier {
  if (!tracingActive()) return {};
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    ...(carrier['traceparent'] ? { traceparent: carrier['traceparent'] } : {}),
    ...(carrier['tracestate'] ? { tracestate: carrier['tracestate'] } : {}),
  };
}

/** A span link to the context a message carries; undefined when it carries none (or tracing is off). */
export function linkTo(carrier: TraceCarrier | undefined, attributes?: Attributes): Link | undefined {
  if (!tracingActive() || !carrier?.traceparent) return undefined;
  const spanContext = trace.getSpanContext(propagation.extract(context.active(), { ...carrier }));
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return undefined;
  return attributes ? { context: spanContext, attributes } : { context: spanContext };
}

/** The active span's context, to link to later (a shared call); undefined when none is recording. */
export function activeSpanContext(): SpanContext | undefined {
  if (!tracingActive()) return undefined;
  const span = trace.getActiveSpan();
  return span?.isRecording() ? span.spanContext() : undefined;
}

/**
 * What a log line is correlated by: the fields of the unit of work it is
 * written in (`requestId`, see `withLogFields`), and `trace_id` and `span_id`
 * of the active span (the OpenTelemetry log correlation field names); empty
 * outside any.
 */
export function logCorrelation(): { trace_id?: string; span_id?: string; trace_flags?: string; [field: string]: string | undefined } {
  const fields = currentLogFields();
  if (!tracingActive()) return fields ?? {};
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return fields ?? {};
  return {
    ...fields,
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`.slice(-2),
  };
}

/** Makes the listeners of an emitter (an incoming request's `data`/`end`) run in the given context, so spans started while a body is read keep their parent. */
export function bindEmitter<E extends NodeJS.EventEmitter>(ctx: Context, emitter: E): E {
  if (!tracingActive()) return emitter;
  return context.bind(ctx, emitter);
}

/** The context a message carries (its `traceparent`), to parent a span on it: the producer side continuing the trace that wrote it. */
export function contextOf(carrier: TraceCarrier | undefined): Context {
  if (!tracingActive() || !carrier?.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { ...carrier });
}

/** The trace context of a span as message attributes (`traceparent`, `tracestate`); empty for no span. */
export function carrierOf(span: Span | undefined): TraceCarrier {
  if (!span) return {};
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return {
    ...(carrier['traceparent'] ? { traceparent: carrier['traceparent'] } : {}),
    ...(carrier['tracestate'] ? { tracestate: carrier['tracestate'] } : {}),
  };
}

/** A context whose active span is the one given (a span started elsewhere, to parent spans on later). */
export function contextWithSpan(spanContext: SpanContext | undefined): Context {
  return spanContext ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

/**
 * The messaging semantic-convention attributes of a Kafka message being
 * processed by a consumer group (`messaging.system`, destination, group,
 * message id, operation).
 */
export function messagingAttributes(topic: string, group: string | undefined, messageId: string, partition?: number, offset?: string): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': topic,
    ...(group ? { 'messaging.consumer.group.name': group } : {}),
    'messaging.message.id': messageId,
    ...(partition !== undefined ? { 'messaging.destination.partition.id': String(partition) } : {}),
    ...(offset !== undefined ? { 'messaging.kafka.offset': Number(offset) } : {}),
  };
}
