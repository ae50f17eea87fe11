/**
 * The tracing configuration, read from the standard OpenTelemetry
 * environment variables only (the OpenTelemetry SDK environment
 * specification), so a collector is pointed at in the same way for every
 * deployable and for `npm start`.
 */
export type OtlpProtocol = 'http/json' | 'http/protobuf';

export type SamplerName = 'always_on' | 'always_off' | 'traceidratio' | 'parentbased_always_on' | 'parentbased_always_off' | 'parentbased_traceidratio';

export interface TracingConfig {
  serviceName: string;
  /** Where spans are sent: the traces URL itself (`…/v1/traces`). */
  tracesUrl: string;
  protocol: OtlpProtocol;
  sampler: SamplerName;
  /** The ratio of the `traceidratio` samplers, 0-1. */
  samplerRatio: number;
  /** `OTEL_RESOURCE_ATTRIBUTES`, decoded. */
  resourceAttributes: Record<string, string>;
  /** `OTEL_EXPORTER_OTLP_HEADERS` / `OTEL_EXPORTER_OTLP_TRACES_HEADERS`, decoded (e.g. a collector's API key). */
  headers: Record<string, string>;
}

export interface ParsedTracingConfig {
  /** Undefined: tracing is off (no SDK is started). */
  config: TracingConfig | undefined;
  /** What is wrong with the variables (variable, expected form, value received); empty when nothing is. */
  problems: string[];
}

const samplers: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const protocols: readonly OtlpProtocol[] = ['http/json', 'http/protobuf'];

/**
 * Tracing is on when an OTLP endpoint is given (`OTEL_EXPORTER_OTLP_ENDPOINT`
 * or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or `OTEL_TRACES_EXPORTER=otlp`
 * (then the standard default `http://localhost:4318`), and neither
 * `OTEL_SDK_DISABLED=true` nor `OTEL_TRACES_EXPORTER=none` says otherwise.
 * Off, nothing is started and the instrumentation costs one check per span.
 */
export function parseTracingConfig(env: Record<string, string | undefined>, defaultServiceName: string): ParsedTracingConfig {
  const problems: string[] = [];
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const disabled = get('OTEL_SDK_DISABLED');
  if (disabled !== undefined && !['true', 'false'].includes(disabled.toLowerCase()))
    problems.push(`OTEL_SDK_DISABLED: expected true or false, got "${disabled}"`);
  const exporter = get('OTEL_TRACES_EXPORTER');
  if (exporter !== undefined && !['otlp', 'none'].includes(exporter)) problems.push(`OTEL_TRACES_EXPORTER: expected otlp or none, got "${exporter}"`);
  const endpoint = get('OTEL_EXPORTER_OTLP_ENDPOINT');
  const tracesEndpoint = get('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  for (const [name, value] of [
    ['OTEL_EXPORTER_OTLP_ENDPOINT', endpoint],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', tracesEndpoint],
  ] as const) {
    if (value === undefined) continue;
    try {
      new URL(value);
    } catch {
      problems.push(`${name}: expected a URL, got "${value}"`);
    }
  }
  const protocol = get('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? get('OTEL_EXPORTER_OTLP_PROTOCOL') ?? 'http/protobuf';
  if (!protocols.includes(protocol as OtlpProtocol))
    problems.push(`OTEL_EXPORTER_OTLP_PROTOCOL: expected ${protocols.join(' or ')} (grpc is not supported), got "${protocol}"`);
  const sampler = get('OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on';
  if (!samplers.includes(sampler as SamplerName)) problems.push(`OTEL_TRACES_SAMPLER: expected one of ${samplers.join(', ')}, got "${sampler}"`);
  const ratioText = get('OTEL_TRACES_SAMPLER_ARG');
  const samplerRatio = ratioText === undefined ? 1 : Number(ratioText);
  if (ratioText !== undefined && sampler.endsWith('traceidratio') && !(samplerRatio >= 0 && samplerRatio <= 1))
    problems.push(`OTEL_TRACES_SAMPLER_ARG: expected a ratio 0-1, got "${ratioText}"`);
  const resourceAttributes = keyValues(get('OTEL_RESOURCE_ATTRIBUTES'), 'OTEL_RESOURCE_ATTRIBUTES', problems);
  const headers = {
    ...keyValues(get('OTEL_EXPORTER_OTLP_HEADERS'), 'OTEL_EXPORTER_OTLP_HEADERS', problems),
    ...keyValues(get('OTEL_EXPORTER_OTLP_TRACES_HEADERS'), 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', problems),
  };

  const on = disabled?.toLowerCase() !== 'true' && exporter !== 'none' && (exporter === 'otlp' || endpoint !== undefined || tracesEndpoint !== undefined);
  if (!on || problems.length > 0) return { config: undefined, problems };
  const tracesUrl = tracesEndpoint ?? `${(endpoint ?? 'http://localhost:4318').replace(/\/+$/, '')}/v1/traces`;
  return {
    config: {
      serviceName: get('OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? defaultServiceName,
      tracesUrl,
      protocol: protocol as OtlpProtocol,
      sampler: sampler as SamplerName,
      samplerRatio: ratioText === undefined ? 1 : samplerRatio,
      resourceAttributes,
      headers,
    },
    problems,
  };
}

/** `key1=value1,key2=value2`, values percent-decoded (the W3C Baggage form the specification uses). */
function keyValues(text: string | undefined, name: string, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === undefined) return out;
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const at = part.indexOf('=');
    if (at <= 0) {
      problems.push(`${name}: expected key=value pairs separated by commas, got "${part.trim()}"`);
      continue;
    }
    try {
      out[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      problems.push(`${name}: "${part.trim()}" is not percent-encoded correctly`);
    }
  }
  return out;
}
