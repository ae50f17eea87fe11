import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, FormattedExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import type { InternalTokens, Principal } from '@onegraph/auth';
import type { RequestRefusal, Route } from '@onegraph/http';
import type { Logger } from '@onegraph/log';
import type { InstrumentFactory, ReadinessCheck } from '@onegraph/metrics';
import type { Authenticate, AuthConfig, CredentialKind, Credentials } from './auth.ts';
import type { GatewayContext } from './context.ts';
import type { Caller, OperationAdmission, RateLimitRule } from './security/operation-admission.ts';
import type { PersistedManifest } from './security/persisted-manifest.ts';
import type { SubscriptionFieldSpec } from './subscriptions/field-spec.ts';

export type { Route } from '@onegraph/http';

/** A GraphQL request (`/graphql` over HTTP) as the request hooks see it, in their order. */
export interface GraphqlRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly credentials: Credentials;
  /** The caller, once the authentication hook (always the first) found it; undefined with `--auth none`. */
  principal: Principal | undefined;
}

/**
 * Runs for every GraphQL request before its body is read: lets it through
 * (undefined) or refuses it. Hooks run in order: the gateway's
 * authentication first, then each plugin's in the order the plugins were
 * given, then the rate limit (`GatewayPlugin.rateLimits`, then the
 * per-caller limit). A hook may set response headers.
 */
export type RequestHook = (request: GraphqlRequest) => Promise<RequestRefusal | undefined> | RequestRefusal | undefined;

/** What a plugin may use of the gateway it is installed in (given to `setup`). */
export interface GatewayPluginContext {
  auth: AuthConfig;
  /** Signs the identity forwarded to subgraphs (and service tokens); undefined with `--auth none`. */
  internalTokens: InternalTokens | undefined;
  /**
   * A subgraph's URL as the current supergraph says (or its override);
   * undefined before the supergraph loads, or when it has no such subgraph.
   */
  subgraphUrl(name: string): string | undefined;
  log: Logger;
  /** Makes the plugin's metrics instruments, recorded with the gateway's own (served at `/metrics`; no-ops when the gateway records none). */
  instruments: InstrumentFactory;
  /** The gateway's own operation path, for a plugin carrying operations over a transport of its own (MCP); usable once `setup` is over. */
  operations: GatewayOperations;
}

/** One operation as a transport hands it over (the fields of a GraphQL POST body). */
export interface OperationRequest {
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/** An event a plugin watches on the subscription path (`GatewayOperations.watch`): what a subscriber of the field would get. */
export interface WatchedEvent {
  id: string;
  type: string;
  org: string;
  data: Record<string, unknown>;
}

/**
 * What every transport shares, handed to plugins that bring a transport of
 * their own: the same authentication, the one operation admission
 * (persisted operations, rate limits), the operation limits of the
 * caller's class, and Apollo with our executor.
 */
export interface GatewayOperations {
  authenticate: Authenticate;
  /** The current API schema; undefined before the supergraph loads. */
  schema(): GraphQLSchema | undefined;
  admission: OperationAdmission;
  /** The operation limits of the caller's class: errors (BAD_USER_INPUT) when over, none within. */
  checkLimits(schema: GraphQLSchema, document: DocumentNode, source: string, principal: Principal | undefined): readonly GraphQLError[];
  /**
   * Runs one operation as `/graphql` does once admitted: persisted
   * operations resolved (refusals as errors with their code), then Apollo's
   * pipeline (validation, the caller class's limits, our executor) with the
   * caller's identity, errors masked. Rate limits are the caller's to charge
   * (`admission.charge`): a transport counts what it carries.
   */
  execute(request: OperationRequest, caller: Caller): Promise<FormattedExecutionResult>;
  /**
   * Watches the Bus-fed events of a subscription field (`field`, routed by
   * `key` within `org`), as its subscribers get them; the function stops
   * watching. Undefined without a Bus or without that field.
   */
  watch(field: string, org: string, key: string, deliver: (event: WatchedEvent) => void): (() => void) | undefined;
}

/**
 * A product feature installed into the general gateway (`createGateway({
 * plugins })`), as Hive Gateway and Yoga plugins are: one plugin a file,
 * made by a factory taking its options. Every member is optional; `setup`
 * runs first, once, before the gateway reads the others, and `dispose`
 * runs at shutdown (last installed, first disposed; see `dispose`).
 *
 * The One Stack deployment's plugins are in `onestack/` (`oneStackPlugins`).
 */
export interface GatewayPlugin {
  /** Names the plugin in logs and errors. */
  name: string;
  setup?(context: GatewayPluginContext): void | Promise<void>;
  /** HTTP routes besides `/graphql` and `/health`; a path served twice refuses to start. */
  routes?: readonly Route[];
  /**
   * What a browser gets at `GET /graphql` (`Accept: text/html`, no
   * operation in the URL), before any request hook: an in-browser IDE. At
   * most one plugin may serve it.
   */
  page?: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
  /** Request hooks for GraphQL requests over HTTP (see `RequestHook` for the order). */
  onRequest?: RequestHook;
  /**
   * Rate limits that hold some callers instead of the per-caller limit
   * (the first whose key claims a caller), over every transport: each
   * operation counts one, in a batch or over graphql-ws alike.
   */
  rateLimits?: readonly RateLimitRule[];
  /** Credential kinds besides Hub tokens (with `hub` auth), asked in the order the plugins were given. */
  credentials?: readonly CredentialKind[];
  /** Subscription fields fed by Bus events; with a Bus and at least one field, the gateway serves graphql-ws. */
  subscriptionFields?: Readonly<Record<string, SubscriptionFieldSpec>>;
  /** Operations this plugin runs by hash, added to the persisted-operations allow-list (when the gateway has one). */
  persistedOperations?: PersistedManifest;
  /** Apollo Server plugins (over HTTP and graphql-ws alike). */
  apolloPlugins?: readonly ApolloServerPlugin<GatewayContext>[];
  /** What the plugin needs before the instance takes traffic: its checks join the gateway's at `/ready`. */
  readiness?(): readonly ReadinessCheck[];
  /**
   * Runs at shutdown, once the HTTP server stopped taking connections and
   * before it waits for the open ones: a plugin ends what it holds open
   * (long-lived streams) here, so the gateway's close does not wait on
   * them. Plugins are disposed last installed first.
   */
  dispose?(): void | Promise<void>;
}
