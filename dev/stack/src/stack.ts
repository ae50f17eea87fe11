import { randomBytes } from 'node:crypto';
import { createInternalTokens, loadDevKeys, type DevKeys, type Role } from '@onegraph/auth';
import type { Bus } from '@onegraph/bus';
import { createCrmSubgraph, type CrmSubgraph } from '@onegraph/crm-subgraph';
import type { Gateway, SubscriptionOptions } from '@onegraph/gateway';
import { createIntegrationsSubgraph, seedDemoIntegrationKeys, seedDemoPortalIntegrationKeys, type IntegrationsSubgraph } from '@onegraph/integrations-subgraph';
import { silentLogger } from '@onegraph/log';
import { createMetrics, type Metrics } from '@onegraph/metrics';
import { composeSupergraph, supergraphPath } from '@onegraph/schema';
import { createStackGateway } from './gateway.ts';
import type { StackOptions } from './options.ts';
import { allSimulators, startSimulators, type Simulators } from './simulators.ts';

/** One more gateway instance of a stack, as a horizontally scaled deployment runs several. */
export interface ExtraGateway {
  gateway: Gateway;
  urls: { gateway: string; graphql: string };
}

export interface Stack extends AsyncDisposable {
  bus: Bus;
  gateway: Gateway;
  crm: CrmSubgraph;
  integrations: IntegrationsSubgraph;
  /** The other products' simulators the stack started (`StackOptions.simulators`), to drive them or play their outages. */
  simulators: Simulators;
  urls: { gateway: string; graphql: string; crm: string; integrations: string };
  /** Each service's metrics (`StackOptions.metrics`), served at its `/metrics`; undefined without. */
  metrics: { gateway: Metrics; crm: Metrics; integrations: Metrics } | undefined;
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
  /** Closes the gateways, the subgraphs and the simulators; the Bus stays its owner's to close. */
  close(): Promise<void>;
}

const DEMO_ORGS = ['demo', 'demo-2'];

/**
 * One Graph in one process: both subgraphs and the gateway on the same Bus,
 * with a local key pair standing in for Hub, and simulators of the other
 * products when asked. What `npm start` runs, and what end-to-end tests start
 * (on port 0, with a real Kafka Bus: `test/e2e/fixture.ts`).
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? silentLogger;
  const host = options.host ?? '127.0.0.1';
  const seedDemoData = options.seedDemoData ?? true;
  const keys = await loadDevKeys(options.devKeysFile);
  const internalSecret = options.internalTokenSecret ?? randomBytes(32).toString('base64url');
  const internalTokens = createInternalTokens(internalSecret);
  const identity = options.identity ?? {};
  const jarvisClientSecret = identity.jarvisClientSecret ?? randomBytes(32).toString('base64url');
  const started: { close(): Promise<void> }[] = [];
  const metrics = options.metrics
    ? {
        gateway: createMetrics({ service: 'onegraph-gateway' }),
        crm: createMetrics({ service: 'onegraph-crm' }),
        integrations: createMetrics({ service: 'onegraph-integrations' }),
      }
    : undefined;
  // stopped after the services (the start order puts them first)
  if (metrics) started.push({ close: async () => void (await Promise.all(Object.values(metrics).map((m) => m.shutdown()))) });
  try {
    const selection = options.simulators === true ? allSimulators : options.simulators;
    const simulators = await startSimulators(selection ?? {}, { bus: options.bus, productBuses: options.productBuses, host, ports: options.ports ?? {} });
    started.push(simulators);
    const products = selection ? { ...simulators.products, ...options.products } : options.products;
    const m365Apps = options.m365Apps ?? simulators.m365Apps;
    // the Graph simulator serves the token endpoint too
    const m365LoginUrl = options.m365LoginUrl ?? simulators.urls.graph;

    const crm = await createCrmSubgraph({
      bus: options.bus,
      internalTokens,
      databaseUrl: options.databaseUrls?.crm ?? options.databaseUrl,
      dataDir: options.dataDirs?.crm,
      seedDemoData,
      outboxPollMs: 250,
      ...(products ? { products } : {}),
      ...(options.m365SyncIntervalMs !== undefined ? { m365SyncIntervalMs: options.m365SyncIntervalMs } : {}),
      ...(m365Apps ? { m365Apps } : {}),
      ...(m365LoginUrl !== undefined ? { m365LoginUrl } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(metrics ? { metrics: metrics.crm } : {}),
      log: log.child({ service: 'crm' }),
    });
    started.push(crm);
    const crmUrl = await crm.listen({ port: options.ports?.crm ?? 0, host });
    const integrations = await createIntegrationsSubgraph({
      bus: options.bus,
      internalTokens,
      databaseUrl: options.databaseUrls?.integrations ?? options.databaseUrl,
      dataDir: options.dataDirs?.integrations,
      ...(products ? { products } : {}),
      ...(options.consumerRetries ? { consumerRetries: options.consumerRetries } : {}),
      dnsServers: options.portalDnsServers,
      crmUrl,
      ...(metrics ? { metrics: metrics.integrations } : {}),
      log: log.child({ service: 'integrations' }),
    });
    started.push(integrations);
    const integrationsUrl = await integrations.listen({ port: options.ports?.integrations ?? 0, host });
    const demoIntegrationKeys = seedDemoData ? await seedDemoIntegrationKeys(integrations.db, DEMO_ORGS, identity.demoIntegrationKeysFile) : {};
    const defaultPorts = options.ports?.crm === 4001 && options.ports?.integrations === 4002;
    // the committed supergraph (watched) when the subgraphs sit at its URLs; else composed for these ports
    const supergraph = defaultPorts ? { path: supergraphPath } : { sdl: composeSupergraph({ crm: crmUrl, integrations: integrationsUrl }) };
    const newGateway = (bus: Bus | undefined, subscriptions: SubscriptionOptions | undefined, instance: number) =>
      createStackGateway({
        supergraph,
        keys,
        internalSecret,
        internalTokens,
        identity,
        jarvisClientSecret,
        bus,
        subscriptions,
        orgs: DEMO_ORGS,
        // each further instance records its own, as a separate process would
        metrics: metrics ? (instance === 0 ? metrics.gateway : createMetrics({ service: 'onegraph-gateway' })) : undefined,
        log: log.child({ service: 'gateway', ...(instance > 0 ? { instance } : {}) }),
      });
    let instances = 0;
    const gateway = await newGateway(options.gatewaySubscriptions === false ? undefined : options.bus, options.subscriptions, instances);
    started.push(gateway);
    const gatewayUrl = await gateway.listen({ port: options.ports?.gateway ?? 0, host });
    const graphqlUrl = `${gatewayUrl}/graphql`;

    // the products' own calls to the graph, with keys the integrations subgraph issued them (Voice uses PSA's, as in the demo)
    if (selection && (selection.portal || selection.psa || selection.voice)) {
      const portalKeys = seedDemoData && selection.portal ? await seedDemoPortalIntegrationKeys(integrations.db, DEMO_ORGS) : {};
      simulators.connectGraph(graphqlUrl, { psa: demoIntegrationKeys, portal: portalKeys, voice: demoIntegrationKeys });
    }

    // the gateways first, the simulators last: the reverse of the start
    const close = async () => {
      for (const s of started.splice(0).reverse()) await s.close();
    };
    return {
      bus: options.bus,
      gateway,
      crm,
      integrations,
      simulators,
      keys,
      urls: { gateway: gatewayUrl, graphql: graphqlUrl, crm: crmUrl, integrations: integrationsUrl },
      metrics,
      token: (org, role = 'Member', sub = `user-${org}`) => keys.issueToken({ org, role, sub }),
      jarvisClientSecret,
      demoIntegrationKeys,
      async startAnotherGateway(more = {}) {
        const another = await newGateway(more.bus ?? options.bus, more.subscriptions ?? options.subscriptions, ++instances);
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
