import { createEnvelope, topicOf, type Bus, type Envelope } from '@onegraph/bus';
import type { ListenOptions } from '@onegraph/http';
import { createSimServer, fail, ok, type SimServer } from '../sim-http.ts';

/**
 * A stand-in for The One Stack's client Portal, for demos and tests only.
 * Its API takes what One Graph pushes (portal settings, shared quotes,
 * documents to sign); its helpers play the company's clients (viewing a
 * quote, signing a document: `portal.*` events on the Bus); and
 * `clientView` is the white-labeled page a client sees, read from the graph
 * with Portal's own integration key, showing only the features the
 * company's toggles allow.
 */
export interface PortalSimulatorOptions {
  bus: Bus;
  /** Integration keys One Graph presents to Portal, and the organisation each belongs to. */
  integrationKeys: Record<string, string>;
  /** Where Portal's own pages live when a portal has no custom domain. Default `https://portal.onestack.test`. */
  baseUrl?: string;
}

export interface SimPortalFeatures {
  pipeline: boolean;
  marketing: boolean;
  esign: boolean;
  quotes: boolean;
  invoices: boolean;
}

export interface SimPortal {
  companyId: string;
  features: SimPortalFeatures;
  brandName: string | null;
  brandColor: string | null;
  customDomain: string | null;
  url: string;
}

export interface SimSharedQuote {
  quoteId: string;
  number: string;
  companyId: string;
  shareToken: string;
  total: string;
  currency: string;
  url: string;
}

export interface SimPortalDocument {
  documentId: string;
  title: string;
  kind: string;
  companyId: string;
  url: string;
}

/** What a client sees on the portal: the branding, and the CRM data its toggles allow. */
export interface ClientView {
  branding: { name: string | null; color: string | null; url: string };
  features: SimPortalFeatures;
  company: Record<string, unknown> | null;
  documents?: Record<string, unknown>[];
  errors?: unknown[];
}

export interface PortalSimulator extends AsyncDisposable, Pick<SimServer, 'setAvailable' | 'calls'> {
  listen(options?: ListenOptions): Promise<string>;
  close(): Promise<void>;
  /** The graph Portal reads (`…/graphql` of the gateway) and Portal's integration key per organisation. */
  connectGraph(graphqlUrl: string, keys: Record<string, string>): void;
  portal(org: string, companyId: string): SimPortal | undefined;
  sharedQuotes(org: string): SimSharedQuote[];
  documents(org: string): SimPortalDocument[];
  /** A client opens a shared quote: publishes `portal.quote.viewed`. */
  viewQuote(org: string, quoteId: string): Promise<Envelope>;
  /** A client signs a document: publishes `portal.document.signed`. */
  signDocument(org: string, documentId: string, signer: { name: string; email?: string }): Promise<Envelope>;
  /** The company's portal page as its clients see it, read through the graph with Portal's key. */
  clientView(org: string, companyId: string): Promise<ClientView>;
}

const featureNames = ['pipeline', 'marketing', 'esign', 'quotes', 'invoices'] as const;

export function createPortalSimulator(options: PortalSimulatorOptions): PortalSimulator {
  const base = (options.baseUrl ?? 'https://portal.onestack.test').replace(/\/+$/, '');
  const portals = new Map<string, SimPortal>();
  const quotes = new Map<string, SimSharedQuote & { org: string }>();
  const documents = new Map<string, SimPortalDocument & { org: string }>();
  let graph: { url: string; keys: Record<string, string> } | undefined;
  const key = (org: string, id: string) => `${org}\u0000${id}`;

  const withFeature = (org: string, companyId: unknown, feature: keyof SimPortalFeatures) => {
    const portal = typeof companyId === 'string' ? portals.get(key(org, companyId)) : undefined;
    if (!portal) return { error: fail(404, 'NOT_FOUND', `company ${String(companyId)} has no portal`) };
    if (!portal.features[feature]) return { error: fail(403, 'FORBIDDEN', `the portal of ${portal.companyId} does not show ${feature}`) };
    return { portal };
  };

  const server = createSimServer({
    name: 'Portal',
    integrationKeys: options.integrationKeys,
    routes: [
      {
        method: 'PUT',
        path: /^\/api\/portals\/([^/]+)$/,
        handler: ({ org, params, body = {} }) => {
          const companyId = params[0]!;
          const features = body['features'] as Record<string, unknown> | undefined;
          if (!features || !featureNames.every((f) => typeof features[f] === 'boolean'))
            return fail(400, 'BAD_USER_INPUT', `features must give ${featureNames.join(', ')} as booleans`);
          const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
          const customDomain = text(body['customDomain']);
          const portal: SimPortal = {
            companyId,
            features: Object.fromEntries(featureNames.map((f) => [f, features[f] as boolean])) as unknown as SimPortalFeatures,
            brandName: text(body['brandName']),
            brandColor: text(body['brandColor']),
            customDomain,
            url: customDomain ? `https://${customDomain}` : `${base}/${encodeURIComponent(org)}/${encodeURIComponent(companyId)}`,
          };
          portals.set(key(org, companyId), portal);
          return ok(portal);
        },
      },
      {
        method: 'GET',
        path: /^\/api\/portals\/([^/]+)$/,
        handler: ({ org, params }) => {
          const portal = portals.get(key(org, params[0]!));
          return portal ? ok(portal) : fail(404, 'NOT_FOUND', `company ${params[0]} has no portal`);
        },
      },
      {
        method: 'POST',
        path: /^\/api\/shared-quotes$/,
        handler: ({ org, body = {} }) => {
          const { portal, error } = withFeature(org, body['companyId'], 'quotes');
          if (error) return error;
          if (typeof body['quoteId'] !== 'string' || typeof body['shareToken'] !== 'string')
            return fail(400, 'BAD_USER_INPUT', 'quoteId and shareToken are required');
          const quote = {
            org,
            quoteId: body['quoteId'],
            number: String(body['number'] ?? ''),
            companyId: portal.companyId,
            shareToken: body['shareToken'],
            total: String(body['total'] ?? ''),
            currency: String(body['currency'] ?? ''),
            url: `${portal.url}/quotes/${body['shareToken']}`,
          };
          quotes.set(key(org, quote.quoteId), quote);
          return ok({ url: quote.url }, 201);
        },
      },
      {
        method: 'POST',
        path: /^\/api\/documents$/,
        handler: ({ org, body = {} }) => {
          const { portal, error } = withFeature(org, body['companyId'], 'esign');
          if (error) return error;
          if (typeof body['documentId'] !== 'string') return fail(400, 'BAD_USER_INPUT', 'documentId is required');
          const doc = {
            org,
            documentId: body['documentId'],
            title: String(body['title'] ?? ''),
            kind: String(body['kind'] ?? ''),
            companyId: portal.companyId,
            url: `${portal.url}/sign/${body['documentId']}`,
          };
          documents.set(key(org, doc.documentId), doc);
          return ok({ url: doc.url }, 201);
        },
      },
    ],
  });

  const publish = async (event: Envelope) => {
    await options.bus.publish(topicOf('portal'), event);
    return event;
  };

  /** Reads the graph as Portal does: with its key, acting for one client company. */
  async function readGraph(org: string, companyId: string, query: string, variables: Record<string, unknown>) {
    const apiKey = graph?.keys[org];
    if (!graph || !apiKey) throw new Error(`Portal simulator: no graph key for ${org} (connectGraph first)`);
    const res = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-integration-key': apiKey, 'x-portal-company': companyId },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  }

  return {
    ...server,
    connectGraph(url, keys) {
      graph = { url, keys };
    },
    portal: (org, companyId) => portals.get(key(org, companyId)),
    sharedQuotes: (org) => [...quotes.values()].filter((q) => q.org === org),
    documents: (org) => [...documents.values()].filter((d) => d.org === org),
    async viewQuote(org, quoteId) {
      const quote = quotes.get(key(org, quoteId));
      if (!quote) throw new Error(`Portal simulator: quote ${quoteId} was not shared in ${org}`);
      return publish(
        createEnvelope({
          type: 'portal.quote.viewed',
          source: 'onestack/portal-simulator',
          orgid: org,
          subject: `quote/${quoteId}`,
          data: { quoteId, crmCompanyId: quote.companyId, viewedAt: new Date().toISOString() },
        }),
      );
    },
    async signDocument(org, documentId, signer) {
      const doc = documents.get(key(org, documentId));
      if (!doc) throw new Error(`Portal simulator: document ${documentId} was not sent to ${org}'s portal`);
      return publish(
        createEnvelope({
          type: 'portal.document.signed',
          source: 'onestack/portal-simulator',
          orgid: org,
          subject: `document/${documentId}`,
          data: {
            documentId,
            crmCompanyId: doc.companyId,
            signedName: signer.name,
            ...(signer.email ? { signerEmail: signer.email } : {}),
            signedAt: new Date().toISOString(),
          },
        }),
      );
    },
    async clientView(org, companyId) {
      const portal = portals.get(key(org, companyId));
      if (!portal) throw new Error(`Portal simulator: company ${companyId} has no portal in ${org}`);
      const f = portal.features;
      // only what the toggles allow is even asked for
      const fields = [
        'id name',
        f.pipeline ? 'deals { id title stage status value currency expectedCloseDate }' : '',
        f.quotes ? 'quotes { id number title status total currency shareToken }' : '',
        f.invoices ? 'invoices { id number status total currency dueAt }' : '',
      ].join(' ');
      const esign = f.esign ? 'esignDocuments(first: 50, filter: { companyId: $id }) { edges { node { id title kind status } } }' : '';
      const result = await readGraph(org, companyId, `query PortalClientView($id: ID!) { company(id: $id) { ${fields} } ${esign} }`, { id: companyId });
      const company = (result.data?.['company'] as Record<string, unknown> | null | undefined) ?? null;
      if (company && Array.isArray(company['quotes'])) {
        // clients see quotes once they were sent to them, never drafts
        company['quotes'] = (company['quotes'] as { shareToken: string | null }[]).filter((q) => q.shareToken !== null);
      }
      const view: ClientView = { branding: { name: portal.brandName, color: portal.brandColor, url: portal.url }, features: { ...f }, company };
      if (f.esign) {
        const edges = (result.data?.['esignDocuments'] as { edges: { node: Record<string, unknown> }[] } | undefined)?.edges ?? [];
        view.documents = company ? edges.map((e) => e.node) : [];
      }
      if (result.errors) view.errors = result.errors;
      return view;
    },
  };
}
