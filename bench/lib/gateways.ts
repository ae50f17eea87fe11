import { peerFile } from './build-peers.ts';
import { otlpSinkUrl } from './otlp-sink.ts';
import { installedVersion, packageDir, repoRoot } from './paths.ts';

export type GatewayId =
  'ours' | 'ours-tracing-1pct' | 'ours-tracing-100pct' | 'ours-engine' | 'apollo-baseline' | 'hive-gateway' | 'hive-gateway-defaults' | 'mercurius';

/** The gateways that export traces: the runner starts the OTLP sink they send to first. */
export const tracedGateways: readonly GatewayId[] = ['ours-tracing-1pct', 'ours-tracing-100pct'];

export interface GatewayLaunch {
  supergraphPath: string;
  port: number;
  auth: 'none' | 'hub';
}

/** How to start one gateway as a child process serving a supergraph file on a port. */
export interface GatewaySpec {
  id: GatewayId;
  /** What it is and which versions, for the table. */
  label: string;
  /**
   * Node arguments (script and its arguments); Node flags such as `--cpu-prof`
   * go before them. Peers written in TypeScript run compiled (`buildPeers`).
   */
  args(launch: GatewayLaunch): string[];
  env?: Record<string, string | undefined>;
  /** Whether it can run the CRM workload's Hub authentication with identity forwarding. */
  hubAuth: boolean;
}

export const gateways: Record<GatewayId, GatewaySpec> = {
  ours: {
    id: 'ours',
    label: `ours (@onegraph/gateway ${installedVersion('@onegraph/gateway')}, @apollo/gateway ${installedVersion('@apollo/gateway')})`,
    args: ({ supergraphPath, port, auth }) => [
      `${repoRoot}gateway/bin/onegraph-gateway.js`,
      '--supergraph',
      supergraphPath,
      '--port',
      String(port),
      '--auth',
      auth,
    ],
    // the benchmark is one caller (50 connections from one address): the per-caller rate limit stays
    // on, as it ships, at its highest setting, which no run reaches (the peers have no limiter at all)
    env: { KAFKA_BROKERS: undefined, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' },
    hubAuth: true,
  },
  'ours-tracing-1pct': tracedOurs('ours-tracing-1pct', 0.01),
  'ours-tracing-100pct': tracedOurs('ours-tracing-100pct', 1),
  'ours-engine': {
    id: 'ours-engine',
    label: `ours, inbound request deduplication off (the engine alone; subgraph-call deduplication on)`,
    args: ({ supergraphPath, port, auth }) => [peerFile('ours-engine'), '--supergraph', supergraphPath, '--port', String(port), '--auth', auth],
    env: { LOG_LEVEL: 'warn' },
    hubAuth: true,
  },
  'apollo-baseline': {
    id: 'apollo-baseline',
    label: `baseline (@apollo/gateway ${installedVersion('@apollo/gateway')} + @apollo/server ${installedVersion('@apollo/server')} standalone)`,
    args: ({ supergraphPath, port, auth }) => [peerFile('apollo-baseline'), '--supergraph', supergraphPath, '--port', String(port), '--auth', auth],
    hubAuth: true,
  },
  'hive-gateway': {
    id: 'hive-gateway',
    label: `Hive Gateway ${installedVersion('@graphql-hive/gateway')} (public benchmark config: jit, inbound in-flight dedup)`,
    args: ({ supergraphPath, port }) => [
      `${packageDir('@graphql-hive/gateway')}dist/bin.js`,
      'supergraph',
      supergraphPath,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--fork',
      '1',
      '--config-path',
      peerFile('hive-gateway.config'),
    ],
    hubAuth: false,
  },
  'hive-gateway-defaults': {
    id: 'hive-gateway-defaults',
    label: `Hive Gateway ${installedVersion('@graphql-hive/gateway')} (defaults: no jit, no dedup)`,
    args: ({ supergraphPath, port }) => [
      `${packageDir('@graphql-hive/gateway')}dist/bin.js`,
      'supergraph',
      supergraphPath,
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--fork',
      '1',
    ],
    hubAuth: false,
  },
  mercurius: {
    id: 'mercurius',
    label: `@mercuriusjs/gateway ${installedVersion('@mercuriusjs/gateway')} (mercurius ${installedVersion('mercurius')}, graphql ${installedVersion('graphql-mercurius-peer')}, jit: 1)`,
    // on graphql 16.14.0, the version it works with (peers/graphql-16.14.ts)
    args: ({ supergraphPath, port }) => [
      '--import',
      peerFile('graphql-16.14'),
      peerFile('mercurius-gateway'),
      '--supergraph',
      supergraphPath,
      '--port',
      String(port),
    ],
    hubAuth: false,
  },
};

/**
 * Ours as it ships, with OpenTelemetry tracing on (OTLP/HTTP protobuf to the
 * runner's sink, batched as in production) and `ratio` of the operations
 * sampled: the cost of tracing against `ours` (off) in the same run.
 */
function tracedOurs(id: GatewayId, ratio: number): GatewaySpec {
  // read when the run starts it (`gateways` is still being built when this is called)
  return {
    id,
    label: `ours, tracing on: ${ratio * 100} % of operations sampled (OTLP/HTTP protobuf)`,
    args: (launch) => gateways.ours.args(launch),
    get env() {
      return {
        ...gateways.ours.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpSinkUrl(),
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: String(ratio),
      };
    },
    hubAuth: true,
  };
}
