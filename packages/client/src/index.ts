// @onegraph/client: the typed documents of `operations/*.graphql` (codegen's
// client preset, each with its persisted hash), and the transports a front
// end needs (HTTP, subscriptions over graphql-ws with an SSE fallback).
export * from './generated/graphql.ts';
export {
  errorOf,
  hashOf,
  operationBody,
  query,
  subscribeLive,
  type LinkState,
  type LinkTransport,
  type LiveOptions,
  type Outcome,
  type QueryOptions,
  type WidgetError as ClientError,
} from './transport.ts';
