import { createHubTokenVerifier, createJarvisTokens, DEV_AUDIENCE, DEV_ISSUER, parseRole, roles, type DevKeys, type InternalTokens } from '@onegraph/auth';
import type { Bus } from '@onegraph/bus';
import { createOneStackGateway, graphiqlPlugin, type Gateway, type GatewayOptions, type SubscriptionOptions } from '@onegraph/gateway';
import type { Logger } from '@onegraph/log';
import type { Metrics } from '@onegraph/metrics';
import type { StackIdentityOptions } from './options.ts';

export interface StackGatewayOptions {
  supergraph: GatewayOptions['supergraph'];
  /** The local key pair standing in for Hub. */
  keys: DevKeys;
  internalSecret: string;
  internalTokens: InternalTokens;
  identity: StackIdentityOptions;
  jarvisClientSecret: string;
  /** The Bus its subscriptions consume; none: no subscriptions. */
  bus: Bus | undefined;
  subscriptions: SubscriptionOptions | undefined;
  /** The organisations GraphiQL's development sign-in offers. */
  orgs: readonly string[];
  metrics: Metrics | undefined;
  log: Logger;
}

/**
 * The One Stack deployment's gateway, as the stack runs it: Hub tokens checked
 * with the local key pair, identity forwarded to the subgraphs, integration
 * keys, Jarvis delegation, (with a Bus) subscriptions, and GraphiQL with its
 * development sign-in. The one place the
 * stack builds a gateway (`createOneStackGateway`: the general core with the One Stack plugins).
 */
export function createStackGateway(options: StackGatewayOptions): Promise<Gateway> {
  const { identity } = options;
  const keyCacheMs = identity.integrationKeyCacheMs ?? 5_000;
  return createOneStackGateway({
    supergraph: options.supergraph,
    auth: { mode: 'hub', verify: createHubTokenVerifier({ jwks: options.keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }) },
    internalTokens: options.internalTokens,
    integrationKeys: { cacheTtlMs: keyCacheMs, negativeCacheTtlMs: keyCacheMs },
    jarvis: { clientSecret: options.jarvisClientSecret, tokens: createJarvisTokens(options.internalSecret), ttlSeconds: identity.jarvisTokenTtlSeconds ?? 300 },
    // the demo deployment offers one write tool to agents of users who may write activities
    mcp: { writeTools: ['logNote'] },
    ...(identity.connectionRecheckMs !== undefined ? { connections: { recheckEveryMs: identity.connectionRecheckMs } } : {}),
    ...(options.bus ? { bus: options.bus } : {}),
    ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
    // GraphiQL at /graphql, with the development sign-in (a demo organisation and a role fill the token)
    plugins: [
      graphiqlPlugin({
        devSignIn: {
          orgs: options.orgs,
          roles,
          issue: (org, role) => options.keys.issueToken({ org, role: parseRole(role) ?? 'Viewer', sub: `user-${org}` }),
        },
      }),
    ],
    ...(options.metrics ? { metrics: options.metrics } : {}),
    log: options.log,
  });
}
