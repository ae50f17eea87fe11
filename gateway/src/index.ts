// The gateway's public API: the general core (`createGateway`, its plugin
// interface) and the One Stack deployment (`createOneStackGateway`,
// `oneStackPlugins`).
export { createGateway, type Gateway, type GatewayOptions } from './gateway.ts';
export { graphiqlPlugin, type DevSignIn, type GraphiqlOptions } from './graphiql/plugin.ts';
export type { GatewayOperations, GatewayPlugin, GatewayPluginContext, GraphqlRequest, OperationRequest, RequestHook, Route, WatchedEvent } from './plugin.ts';
export type { AuthConfig, CredentialKind, Credentials } from './auth.ts';
export type { GatewayContext } from './context.ts';
export type { SubscriptionOptions, SubscriptionStats } from './subscriptions/core.ts';
export type { SubscriptionFieldSpec } from './subscriptions/field-spec.ts';
export { CloseCode, CREDENTIALS_EXPIRED_CLOSE_CODE, RENEWAL_FORBIDDEN_CLOSE_CODE } from './subscriptions/protocol.ts';
export type { ConnectionWatchOptions } from './subscriptions/connection-expiry.ts';
export { defaultLimits, type LimitClass, type OperationLimits } from './security/limits.ts';
export { loadManifest, operationHash, type PersistedManifest } from './security/persisted-manifest.ts';
export type { RateLimitOptions } from './security/rate-limit.ts';
export {
  createOneStackGateway,
  mcpPlugin,
  oneStackPlugins,
  type IntegrationKeyOptions,
  type JarvisOptions,
  type McpOptions,
  type ToolCallRecord,
  type OneStackGatewayOptions,
  type OneStackOptions,
  type WidgetOptions,
} from './onestack/index.ts';
