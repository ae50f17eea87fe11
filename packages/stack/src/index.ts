import { randomBytes } from 'node:crypto';
import { createHubTokenVerifier, createInternalTokens, createJarvisTokens, DEV_AUDIENCE, DEV_ISSUER, loadDevKeys, type DevKeys, type Role } from '@onegraph/auth';
import type { Bus } from '@onegraph/bus';
import type { OneStackEndpoints } from '@onegraph/onestack-clients';
import { createCrmSubgraph, type CrmSubgraph, type M365Apps } from '@onegraph/crm-subgraph';
import { createOneStackGateway, type Gateway, type SubscriptionOptions } from '@onegraph/gateway';
import { createIntegrationsSubgraph, seedDemoIntegrationKeys, type IntegrationsConsumerRetries, type IntegrationsSubgraph } from '@onegraph/integrations-subgraph';
import { silentLogger, type Logger } from '@onegraph/log';
import { composeSupergraph, supergraphPath } from '@onegraph/schema';

export interface StackOptions {
  bus: Bus;
  /** Ports; 0 (the default) picks free ones. */
  ports?: { gateway?: number; crm?: number; integrations?: number };
  host?: string;
  /** PGlite folders; in memory when unset. */
  dataDirs?: { crm?: string; integrations?: string };
  databaseUrl?: string;
  /** Dev key file shared with `npm run token`; in memory when unset. */
  devKeysFile?: string;
  /** The secret of the identity tokens forwarded to subgraphs, for a gateway started in another process (benchmarks); random when unset. */
  internalTokenSecret?: string;
  seedDemoData?: boolean;
  /** The other products' APIs (simulators in the demo and tests) and the keys One Graph presents to them. */
  products?: OneStackEndpoints;
  /** How often connected M365 mailboxes are synced, in ms (default 5 minutes). */
  m365SyncIntervalMs?: number;
  /** Each organisation's Entra app registration for Microsoft Graph (the simulator's `registerApps` in the demo and tests); none by default. */
  m365Apps?: M365Apps;
  /** Where Graph tokens are requested (the Graph simulator's URL in the demo and tests). Default `https://login.microsoftonline.com`. */
  m365LoginUrl?: string;
  /** How the integrations consumers that call PSA and Books retry while those are down (their defaults otherwise; tests shorten them). */
  consumerRetries?: IntegrationsConsumerRetries;
  /** Integration keys, Jarvis delegation and connection checks (see docs/security.md); defaults otherwise. */
  identity?: StackIdentityOptions;
  /** The gateway's subscription buffers and limits (defaults otherwise). */
  subscriptions?: SubscriptionOptions;
  /**
   * Whether the stack's gateway serves subscriptions (consuming the Bus's
   * events to do so). Default true; the subscription benchmark's backend
   * turns it off, as its gateway there only runs the set-up mutations.
   */
  gatewaySubscriptions?: boolean;
  log?: Logger;
}

/** One more gateway instance of a stack, as a horizontally scaled deployment runs several. */
export interface ExtraGateway {
  gateway: Gateway;
  urls: { gateway: string; graphql: string };
}

export interface StackIdentityOptions {
  /** The credential Jarvis presents at `/auth/jarvis/token`; random when unset (see `Stack.jarvisClientSecret`). */
  jarvisClientSecret?: string;
  /** Lifetime of delegated Jarvis tokens, in seconds. Default 300. */
  jarvisTokenTtlSeconds?: number;
  /** How long the gateway caches integration key verdicts, in ms. Default 5000. */
  integrationKeyCacheMs?: number;
  /** How often open graphql-ws connections are re-verified, in ms. Default 60 000. */
  connectionRecheckMs?: number;
  /** With demo data: where the demo organisations' PSA integration keys are kept (in memory when unset). */
  demoIntegrationKeysFile?: string;
}

export interface Stack extends AsyncDisposable {
  bus: Bus;
  gateway: Gateway;
  crm: CrmSubgraph;
  integrations: IntegrationsSubgraph;
  urls: { gateway: string; graphql: string; crm: string; integrations: string };
  keys: DevKeys;
  /** A Hub-style token for a user of `org`, as Hub would issue it. */
  token(org: string, role?: Role, sub?: string): Promise<string>;
  /** What Jarvis presents to exchange a user's token for a delegated one. */
  jarvisClientSecret: string;
  /** With demo data: a PSA integration key per demo organisation (plaintext). */
  demoIntegrationKeys: Record<string, string>;
  /**
   * Starts another gateway instance on the same subgraphs (and by default the
   * same Bus; give another Bus on the same Kafka namespace to play a separate
   * process). It is closed with the stack.
   */
  startAnotherGateway(options?: { bus?: Bus; subscriptions?: SubscriptionOptions }): Promise<ExtraGateway>;
  close(): Promise<void>;
}

/**
 * One Graph in one process: both subgraphs and the gateway on the same Bus,
 * with a local key pair standing in for Hub. What `npm start` runs, and what
 * end-to-end tests start (on port 0, with a real Kafka Bus).
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const keys = await loadDevKeys(options.devKeysFile);
  const internalSecret = options.internalTokenSecret ?? randomBytes(32).toString('base64url');
  const internalTokens = createInternalTokens(internalSecret);
  const identity = options.identity ?? {};
  const jarvisClientSecret = identity.jarvisClientSecret ?? randomBytes(32).toString('base64url');
  const keyCacheMs = identity.integrationKeyCacheMs ?? 5_000;
  const started: { close(): Promise<void> }[] = [];
  try {
    const crm = await createCrmSubgraph({
      bus: options.bus,
      internalTokens,
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDirs?.crm,
      seedDemoData: options.seedDemoData ?? true,
      outboxPollMs: 250,
      ...(options.products ? { products: options.products } : {}),
      ...(options.m365SyncIntervalMs !== undefined ? { m365SyncIntervalMs: options.m365SyncIntervalMs } : {}),
      ...(options.m365Apps ? { m365Apps: options.m365Apps } : {}),
      ...(options.m365LoginUrl !== undefined ? { m365LoginUrl: options.m365LoginUrl } : {}),
      log: log.child({ service: 'crm' }),
    });
    started.push(crm);
    const crmUrl = await crm.listen({ port: options.ports?.crm ?? 0, host });
    const integrations = await createIntegrationsSubgraph({
      bus: options.bus,
      internalTokens,
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDirs?.integrations,
      ...(options.products ? { products: options.products } : {}),
      ...(options.consumerRetries ? { consumerRetries: options.consumerRetries } : {}),
      log: log.child({ service: 'integrations' }),
    });
    started.push(integrations);
    const integrationsUrl = await integrations.listen({ port: options.ports?.integrations ?? 0, host });
    const demoIntegrationKeys =
      (options.seedDemoData ?? true) ? await seedDemoIntegrationKeys(integrations.db, ['demo', 'demo-2'], identity.demoIntegrationKeysFile) : {};
    const defaultPorts = options.ports?.crm === 4001 && options.ports?.integrations === 4002;
    // the committed supergraph (watched) when the subgraphs sit at its URLs; else composed for these ports
    const supergraph = defaultPorts ? { path: supergraphPath } : { sdl: composeSupergraph({ crm: crmUrl, integrations: integrationsUrl }) };
    const newGateway = (bus: Bus | undefined, subscriptions: SubscriptionOptions | undefined, instance: number) =>
      createOneStackGateway({
        supergraph,
        auth: { mode: 'hub', verify: createHubTokenVerifier({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }) },
        internalTokens,
        integrationKeys: { cacheTtlMs: keyCacheMs, negativeCacheTtlMs: keyCacheMs },
        jarvis: { clientSecret: jarvisClientSecret, tokens: createJarvisTokens(internalSecret), ttlSeconds: identity.jarvisTokenTtlSeconds ?? 300 },
        ...(identity.connectionRecheckMs !== undefined ? { connections: { recheckEveryMs: identity.connectionRecheckMs } } : {}),
        ...(bus ? { bus } : {}),
        ...(subscriptions ? { subscriptions } : {}),
        log: log.child({ service: 'gateway', ...(instance > 0 ? { instance } : {}) }),
      });
    const gateway = await newGateway(options.gatewaySubscriptions === false ? undefined : options.bus, options.subscriptions, 0);
    started.push(gateway);
    const gatewayUrl = await gateway.listen({ port: options.ports?.gateway ?? 0, host });
    const close = async () => {
      for (const s of started.reverse()) await s.close();
    };
    return {
      bus: options.bus,
      gateway,
      crm,
      integrations,
      keys,
      urls: { gateway: gatewayUrl, graphql: `${gatewayUrl}/graphql`, crm: crmUrl, integrations: integrationsUrl },
      token: (org, role = 'Member', sub = `user-${org}`) => keys.issueToken({ org, role, sub }),
      jarvisClientSecret,
      demoIntegrationKeys,
      async startAnotherGateway(more = {}) {
        const another = await newGateway(more.bus ?? options.bus, more.subscriptions ?? options.subscriptions, started.length);
        started.push(another);
        const url = await another.listen({ port: 0, host });
        return { gateway: another, urls: { gateway: url, graphql: `${url}/graphql` } };
      },
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    for (const s of started.reverse()) await s.close().catch(() => {});
    throw error;
  }
}
