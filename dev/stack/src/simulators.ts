import type { Bus } from '@onegraph/bus';
import type { M365Apps } from '@onegraph/crm-subgraph';
import { integrationKeysFrom, type OneStackEndpoints } from '@onegraph/onestack-clients';
import {
  createBooksSimulator,
  createGraphSimulator,
  createHubSimulator,
  createPortalSimulator,
  createPsaSimulator,
  createVoiceSimulator,
  type BooksSimulator,
  type GraphSimulator,
  type HubSimulator,
  type PortalSimulator,
  type PsaSimulator,
  type VoiceSimulator,
} from '@onegraph/simulators';

/** Which simulators a stack starts, each `true` (defaults) or its options; one left out is not started. */
export interface SimulatorsSelection {
  psa?: boolean | { /** Organisations whose key One Graph presents but PSA does not know: PSA refuses their calls (401). */ unknownOrgs?: readonly string[] };
  books?: boolean;
  portal?: boolean;
  graph?:
    | boolean
    | {
        /** Organisations that get a demo Entra app registration (`M365_APP_CREDENTIALS`). Default `demo` and `demo-2`. */
        orgs?: readonly string[];
        /** Messages per delta page. Default 2. */
        pageSize?: number;
        /** Mailboxes created in Graph, per organisation (not connected in the CRM: an Admin does that). Default none. */
        mailboxes?: Record<string, readonly string[]>;
      };
  voice?: boolean;
  /** Hub's users API (deal owners are Hub users), with the demo organisations' users. */
  hub?: boolean;
  /** The key One Graph presents to PSA, Books and Portal (`CRM_INTEGRATION_KEY`), per organisation. Default `onestack-demo-key` for `demo`, `onestack-demo-2-key` for `demo-2`. */
  integrationKeys?: Record<string, string>;
  /** How One Graph calls them: per-attempt timeout, attempts and first backoff (the product clients' defaults otherwise; tests shorten them). */
  calls?: Pick<OneStackEndpoints, 'timeoutMs' | 'attempts' | 'backoffMs'>;
}

/** What `true` starts: every simulator, with its defaults. */
export const allSimulators: SimulatorsSelection = { psa: true, books: true, portal: true, graph: true, voice: true, hub: true };

/** The keys the demo's One Graph presents to the other products (printed by `npm start`). */
export const demoProductKeys: Readonly<Record<string, string>> = { demo: 'onestack-demo-key', 'demo-2': 'onestack-demo-2-key' };

/**
 * The other products' simulators of a stack. A simulator that was not started
 * throws when asked for, naming the option that starts it: a test asking for
 * one it did not start fails with that, not with `undefined`.
 */
export interface Simulators extends AsyncDisposable {
  readonly psa: PsaSimulator;
  readonly books: BooksSimulator;
  readonly portal: PortalSimulator;
  readonly graph: GraphSimulator;
  readonly voice: VoiceSimulator;
  readonly hub: HubSimulator;
  /** Base URLs of the simulators that serve HTTP and were started. */
  readonly urls: { psa?: string; books?: string; portal?: string; graph?: string; hub?: string };
  /** Their APIs and the keys One Graph presents to them, as the subgraphs are handed them (`PSA_API_URL`…, `CRM_INTEGRATION_KEY`). */
  readonly products: OneStackEndpoints;
  /** The demo Entra app registrations (`M365_APP_CREDENTIALS`) when Graph was started. */
  readonly m365Apps: M365Apps | undefined;
  /**
   * PSA, Portal and Voice call the graph too, with integration keys the
   * integrations subgraph issued them: called once the stack is up.
   */
  connectGraph(graphqlUrl: string, keys: { psa: Record<string, string>; portal: Record<string, string>; voice: Record<string, string> }): void;
  close(): Promise<void>;
}

/** The products whose simulators publish on the Bus. */
export type PublishingSimulator = 'psa' | 'books' | 'portal' | 'voice';

export interface StartSimulatorsOptions {
  bus: Bus;
  /**
   * The Bus each product publishes with, logged in as that product (on an authenticated Kafka, a
   * product may write only its own topic: docs/bus.md). Default `bus` for every product.
   */
  productBuses?: Partial<Record<PublishingSimulator, Bus>> | undefined;
  host?: string;
  /** Ports; 0 (the default) picks free ones. */
  ports?: { psa?: number; books?: number; portal?: number; graph?: number; hub?: number };
}

const optionsOf = <T extends object>(value: boolean | T | undefined): T | undefined => (value === true ? ({} as T) : value || undefined);

/** Starts the selected simulators of the other products on the stack's Bus, each on its port. */
export async function startSimulators(selection: SimulatorsSelection, options: StartSimulatorsOptions): Promise<Simulators> {
  const busOf = (product: PublishingSimulator) => options.productBuses?.[product] ?? options.bus;
  const host = options.host ?? '127.0.0.1';
  const crmKeys = selection.integrationKeys ?? demoProductKeys;
  const keyToOrg = (except: readonly string[] = []) =>
    Object.fromEntries(
      Object.entries(crmKeys)
        .filter(([org]) => !except.includes(org))
        .map(([org, key]) => [key, org]),
    );
  const started: { close(): Promise<void> }[] = [];
  const urls: Simulators['urls'] = {};
  const close = async () => {
    for (const s of started.splice(0).reverse()) await s.close();
  };
  try {
    const psaOptions = optionsOf(selection.psa);
    const psa = psaOptions ? createPsaSimulator({ bus: busOf('psa'), integrationKeys: keyToOrg(psaOptions.unknownOrgs) }) : undefined;
    if (psa) {
      started.push(psa);
      urls.psa = await psa.listen({ port: options.ports?.psa ?? 0, host });
    }
    const books = selection.books ? createBooksSimulator({ bus: busOf('books'), integrationKeys: keyToOrg() }) : undefined;
    if (books) {
      started.push(books);
      urls.books = await books.listen({ port: options.ports?.books ?? 0, host });
    }
    const portal = selection.portal ? createPortalSimulator({ bus: busOf('portal'), integrationKeys: keyToOrg() }) : undefined;
    if (portal) {
      started.push(portal);
      urls.portal = await portal.listen({ port: options.ports?.portal ?? 0, host });
    }
    const graphOptions = optionsOf(selection.graph);
    const graph = graphOptions ? createGraphSimulator(graphOptions.pageSize !== undefined ? { pageSize: graphOptions.pageSize } : {}) : undefined;
    let m365Apps: M365Apps | undefined;
    if (graph && graphOptions) {
      started.push(graph);
      m365Apps = graph.registerApps(graphOptions.orgs ?? ['demo', 'demo-2']);
      for (const [org, addresses] of Object.entries(graphOptions.mailboxes ?? {})) for (const address of addresses) graph.addMailbox(org, address);
      urls.graph = await graph.listen({ port: options.ports?.graph ?? 0, host });
    }
    const voice = selection.voice ? createVoiceSimulator({ bus: busOf('voice') }) : undefined;
    const hub = selection.hub ? createHubSimulator({ integrationKeys: keyToOrg() }) : undefined;
    if (hub) {
      started.push(hub);
      urls.hub = await hub.listen({ port: options.ports?.hub ?? 0, host });
    }

    const notStarted = (name: string): never => {
      throw new Error(`the ${name} simulator was not started: start the stack with simulators: { ${name}: true } (or true for all)`);
    };
    return {
      get psa() {
        return psa ?? notStarted('psa');
      },
      get books() {
        return books ?? notStarted('books');
      },
      get portal() {
        return portal ?? notStarted('portal');
      },
      get graph() {
        return graph ?? notStarted('graph');
      },
      get voice() {
        return voice ?? notStarted('voice');
      },
      get hub() {
        return hub ?? notStarted('hub');
      },
      urls,
      // Microsoft Graph takes OAuth tokens, not these keys (the clients know)
      products: { ...urls, integrationKeys: integrationKeysFrom(crmKeys), ...selection.calls },
      m365Apps,
      connectGraph(graphqlUrl, keys) {
        psa?.connectGraph(graphqlUrl, keys.psa);
        portal?.connectGraph(graphqlUrl, keys.portal);
        voice?.connectGraph(graphqlUrl, keys.voice);
      },
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}
