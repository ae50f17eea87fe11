// Hive Gateway as the public benchmark configures it
// (graphql-hive/graphql-gateways-benchmark, gateways/hive-gateway/gateway.config.ts):
// graphql-jit on, and identical in-flight requests answered by one execution.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  inboundInflightRequestDeduplication: true,
  jit: true,
});
