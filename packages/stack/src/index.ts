import { randomBytes } from 'node:crypto';
import { createHubTokenVerifier, createInternalTokens, DEV_AUDIENCE, DEV_ISSUER, loadDevKeys, type DevKeys, type Role } from '@onegraph/auth';
import type { Bus } from '@onegraph/bus';
import { createCrmSubgraph, type CrmSubgraph } from '@onegraph/crm-subgraph';
import { createGateway, type Gateway } from '@onegraph/gateway';
import { createIntegrationsSubgraph, type IntegrationsSubgraph } from '@onegraph/integrations-subgraph';
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
  seedDemoData?: boolean;
  log?: Logger;
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
  const internalTokens = createInternalTokens(randomBytes(32).toString('base64url'));
  const started: { close(): Promise<void> }[] = [];
  try {
    const crm = await createCrmSubgraph({
      bus: options.bus,
      internalTokens,
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDirs?.crm,
      seedDemoData: options.seedDemoData ?? true,
      outboxPollMs: 250,
      log: log.child({ service: 'crm' }),
    });
    started.push(crm);
    const crmUrl = await crm.listen({ port: options.ports?.crm ?? 0, host });
    const integrations = await createIntegrationsSubgraph({
      bus: options.bus,
      internalTokens,
      databaseUrl: options.databaseUrl,
      dataDir: options.dataDirs?.integrations,
      log: log.child({ service: 'integrations' }),
    });
    started.push(integrations);
    const integrationsUrl = await integrations.listen({ port: options.ports?.integrations ?? 0, host });
    const defaultPorts = options.ports?.crm === 4001 && options.ports?.integrations === 4002;
    const gateway = await createGateway({
      // the committed supergraph (watched) when the subgraphs sit at its URLs; else composed for these ports
      supergraph: defaultPorts ? { path: supergraphPath } : { sdl: composeSupergraph({ crm: crmUrl, integrations: integrationsUrl }) },
      auth: { mode: 'hub', verify: createHubTokenVerifier({ jwks: keys.jwks, issuer: DEV_ISSUER, audience: DEV_AUDIENCE }) },
      internalTokens,
      bus: options.bus,
      log: log.child({ service: 'gateway' }),
    });
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
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    for (const s of started.reverse()) await s.close().catch(() => {});
    throw error;
  }
}
