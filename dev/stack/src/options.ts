import type { Bus } from '@onegraph/bus';
import type { Clock, M365Apps } from '@onegraph/crm-subgraph';
import type { SubscriptionOptions } from '@onegraph/gateway';
import type { IntegrationsConsumerRetries } from '@onegraph/integrations-subgraph';
import type { Logger } from '@onegraph/log';
import type { OneStackEndpoints } from '@onegraph/onestack-clients';
import type { PublishingSimulator, SimulatorsSelection } from './simulators.ts';

export interface StackOptions {
  bus: Bus;
  /**
   * The Bus each simulated product publishes with, logged in as that product (an authenticated
   * Kafka lets a product write only its own topic). Default `bus`.
   */
  productBuses?: Partial<Record<PublishingSimulator, Bus>>;
  /** Ports of the services and of the simulators; 0 (the default) picks free ones. */
  ports?: { gateway?: number; crm?: number; integrations?: number; psa?: number; books?: number; portal?: number; graph?: number; hub?: number };
  host?: string;
  /** PGlite folders; in memory when unset. */
  dataDirs?: { crm?: string; integrations?: string };
  /** A PostgreSQL server for both subgraphs (each in its own schema); PGlite when unset. */
  databaseUrl?: string;
  /** A PostgreSQL database per subgraph (these win over `databaseUrl`), as separate deployments have. */
  databaseUrls?: { crm?: string; integrations?: string };
  /** Dev key file shared with `npm run token`; in memory when unset. */
  devKeysFile?: string;
  /** The secret of the identity tokens forwarded to subgraphs, for a gateway started in another process (benchmarks); random when unset. */
  internalTokenSecret?: string;
  seedDemoData?: boolean;
  /**
   * The other products, played by simulators on the stack's Bus: `true`
   * starts all five (PSA, Books, Portal, Microsoft Graph, Voice), an object
   * the ones it names. The stack hands their APIs and keys to the subgraphs,
   * registers the demo Entra apps with Graph, connects PSA, Portal and Voice
   * to the graph with integration keys of their own (with demo data), and
   * closes them with itself. Default none.
   */
  simulators?: true | SimulatorsSelection;
  /** The other products' APIs and the keys One Graph presents to them, when not (only) the simulators' (these win). */
  products?: OneStackEndpoints;
  /** The clock of crm's scheduled work (the daily health recomputation, the M365 sync rounds); the system's by default, a test's to move time. */
  clock?: Clock;
  /** How often connected M365 mailboxes are synced, in ms (default 5 minutes). */
  m365SyncIntervalMs?: number;
  /** Each organisation's Entra app registration for Microsoft Graph (the Graph simulator's demo apps when it runs); none by default. */
  m365Apps?: M365Apps;
  /** Where Graph tokens are requested (the Graph simulator when it runs). Default `https://login.microsoftonline.com`. */
  m365LoginUrl?: string;
  /** How the integrations consumers that call PSA and Books retry while those are down (their defaults otherwise; tests shorten them). */
  consumerRetries?: IntegrationsConsumerRetries;
  /** DNS servers (`host:port`) verifying custom portal domains; the system's by default (tests start one on 127.0.0.1). */
  portalDnsServers?: readonly string[];
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
  /** Whether each service records metrics and serves them at its `/metrics` (docs/observability.md). Default false. */
  metrics?: boolean;
  log?: Logger;
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
