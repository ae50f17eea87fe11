/** The instrumentation scope (tracer name) of the gateway's spans. */
export const GATEWAY_TRACER = '@onegraph/gateway';
