import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@onegraph/log';
import { startOtlpReceiver, OtlpSpanKind, type OtlpReceiver } from '@onegraph/testing';
import { parseTracingConfig, SpanKind, startTracing, tracingActive, withSpan, type Tracing } from '@onegraph/tracing';

describe('tracing configuration (the standard OTEL_* variables)', () => {
  it('is off unless an OTLP endpoint or exporter is configured, and OTEL_SDK_DISABLED wins', () => {
    expect(parseTracingConfig({}, 'gateway')).toEqual({ config: undefined, problems: [] });
    expect(parseTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, 'gateway').config).toBeUndefined();
    expect(parseTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, 'gateway').config).toBeUndefined();
    expect(parseTracingConfig({ OTEL_TRACES_EXPORTER: 'otlp' }, 'gateway').config?.tracesUrl).toBe('http://localhost:4318/v1/traces');
  });

  it('reads service name, endpoint, protocol, sampler and resource attributes', () => {
    const { config, problems } = parseTracingConfig(
      {
        OTEL_SERVICE_NAME: 'edge',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.01',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,team=msp%20tools',
      },
      'gateway',
    );
    expect(problems).toEqual([]);
    expect(config).toEqual({
      serviceName: 'edge',
      tracesUrl: 'http://collector:4318/v1/traces',
      protocol: 'http/json',
      sampler: 'parentbased_traceidratio',
      samplerRatio: 0.01,
      resourceAttributes: { 'deployment.environment.name': 'prod', team: 'msp tools' },
      headers: {},
    });
    expect(parseTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, 'crm').config?.serviceName).toBe('crm');
  });

  it('reports every problem at once', () => {
    const { config, problems } = parseTracingConfig(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_SAMPLER: 'sometimes', OTEL_RESOURCE_ATTRIBUTES: 'novalue' },
      'gateway',
    );
    expect(config).toBeUndefined();
    expect(problems).toEqual([
      'OTEL_EXPORTER_OTLP_ENDPOINT: expected a URL, got "not a url"',
      'OTEL_EXPORTER_OTLP_PROTOCOL: expected http/json or http/protobuf (grpc is not supported), got "grpc"',
      expect.stringMatching(/^OTEL_TRACES_SAMPLER: expected one of always_on, .*got "sometimes"$/),
      'OTEL_RESOURCE_ATTRIBUTES: expected key=value pairs separated by commas, got "novalue"',
    ]);
  });
});

describe('the started SDK', () => {
  let receiver: OtlpReceiver | undefined;
  let tracing: Tracing | undefined;
  afterEach(async () => {
    await tracing?.shutdown();
    await receiver?.close();
    tracing = receiver = undefined;
  });

  async function start(env: Record<string, string>) {
    receiver = await startOtlpReceiver();
    const { config } = parseTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...env }, 'test-service');
    tracing = startTracing(config);
    return receiver;
  }

  it('exports spans over OTLP/HTTP JSON with the service name and resource attributes, nested as run', async () => {
    const otlp = await start({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test' });
    expect(tracingActive()).toBe(true);
    await withSpan('test', 'outer', { kind: SpanKind.SERVER }, () => withSpan('test', 'inner', {}, async () => {}));
    await tracing!.shutdown();
    expect(tracingActive()).toBe(false);
    const outer = otlp.spans.find((s) => s.name === 'outer')!;
    const inner = otlp.spans.find((s) => s.name === 'inner')!;
    expect(outer).toMatchObject({ service: 'test-service', kind: OtlpSpanKind.SERVER, parentSpanId: '' });
    expect(inner).toMatchObject({ traceId: outer.traceId, parentSpanId: outer.spanId });
  });

  it('exports over OTLP/HTTP protobuf', async () => {
    const otlp = await start({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' });
    withSpan('test', 'one', {}, () => undefined);
    await tracing!.shutdown();
    expect(otlp.protobufRequests).toEqual([{ contentType: 'application/x-protobuf', bytes: expect.any(Number) }]);
  });

  it('samples nothing with always_off, and the log line inside a span carries trace_id and span_id', async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger('test-service', 'info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    log.info('before tracing');
    await start({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' });
    let ids: { traceId: string; spanId: string } | undefined;
    withSpan('test', 'logged', {}, (span) => {
      ids = span!.spanContext();
      log.child({ component: 'x' }).info('inside a span');
    });
    log.info('outside any span');
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({ msg: 'inside a span', component: 'x', trace_id: ids!.traceId, span_id: ids!.spanId, trace_flags: '01' });
    expect(lines[2]).not.toHaveProperty('trace_id');
  });
});
