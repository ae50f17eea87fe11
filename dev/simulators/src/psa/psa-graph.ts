/**
 * PSA's incoming calls to One Graph, as PSA makes them: through the
 * gateway with the organisation's integration key (`X-Integration-Key`),
 * which the integrations subgraph issued with the scopes PSA needs. The
 * answers are returned as the gateway gave them (data and errors), so a
 * demo or test sees what PSA would.
 */
export interface GraphAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface SidebarData {
  company: {
    id: string;
    name: string;
    status: string;
    health: { score: number; risk: string; csat: number | null; ticketLoad: number | null } | null;
    activities: { edges: { node: { id: string; type: string; summary: string; source: string; occurredAt: string } }[] };
  } | null;
  pipelineSummary: {
    openCount: number;
    openTotals: { currency: string; value: string; weightedValue: string }[];
    wonCount: number;
    nextExpectedClose: string | null;
    openDeals: { id: string; title: string; stage: string; value: string; currency: string }[];
  } | null;
}

export interface QuickQuoteData {
  createQuote: {
    id: string;
    number: string;
    status: string;
    source: string;
    total: string;
    company: { id: string };
    lines: { service: string; quantity: string; unitPrice: string }[];
  };
}

export interface PsaGraphCalls {
  /**
   * The client sidebar widget: pipeline context (open deals, totals),
   * the company's activity feed and its health score, in one query.
   */
  sidebar(orgId: string, companyId: string): Promise<GraphAnswer<SidebarData>>;
  /** "Add Service": a CRM quote for the company, created from PSA (`source: PSA`). */
  quickQuote(orgId: string, input: { companyId: string; service: string; quantity: string; unitPrice: string }): Promise<GraphAnswer<QuickQuoteData>>;
}

const SIDEBAR = /* GraphQL */ `
  query PsaSidebar($companyId: ID!) {
    company(id: $companyId) {
      id
      name
      status
      health {
        score
        risk
        csat
        ticketLoad
      }
      activities(first: 10) {
        edges {
          node {
            id
            type
            summary
            source
            occurredAt
          }
        }
      }
    }
    pipelineSummary(companyId: $companyId) {
      openCount
      openTotals {
        currency
        value
        weightedValue
      }
      wonCount
      nextExpectedClose
      openDeals {
        id
        title
        stage
        value
        currency
      }
    }
  }
`;

const QUICK_QUOTE = /* GraphQL */ `
  mutation PsaQuickQuote($input: CreateQuoteInput!) {
    createQuote(input: $input) {
      id
      number
      status
      source
      total
      company {
        id
      }
      lines {
        service
        quantity
        unitPrice
      }
    }
  }
`;

export function psaGraphCalls(graph: () => { url: string; integrationKeys: Record<string, string> }): PsaGraphCalls {
  async function call<T>(orgId: string, query: string, variables: Record<string, unknown>): Promise<GraphAnswer<T>> {
    const { url, integrationKeys } = graph();
    const key = integrationKeys[orgId];
    if (!key) throw new Error(`PSA simulator: no integration key for organisation ${orgId}`);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-integration-key': key },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphAnswer<T>;
  }
  return {
    sidebar: (orgId, companyId) => call<SidebarData>(orgId, SIDEBAR, { companyId }),
    quickQuote: (orgId, input) =>
      call<QuickQuoteData>(orgId, QUICK_QUOTE, {
        input: {
          companyId: input.companyId,
          title: input.service,
          source: 'PSA',
          lines: [{ service: input.service, quantity: input.quantity, unitPrice: input.unitPrice, billing: 'MONTHLY' }],
        },
      }),
  };
}
