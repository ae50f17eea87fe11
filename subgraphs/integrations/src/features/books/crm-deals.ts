import { INTERNAL_TOKEN_HEADER, type InternalTokens, type Principal } from '@onegraph/auth';
import type { BooksBillingLine } from '@onegraph/onestack-clients';

/** A won deal's billing terms as crm has them now. */
export interface DealTerms {
  status: 'OPEN' | 'WON' | 'LOST';
  version: number;
  value: string;
  mrr: string;
  currency: string;
  termMonths: number | null;
  lineItems: BooksBillingLine[];
}

/** Reads a deal's current terms from crm; null when crm has no such deal in the organisation. Throws (a retryable failure) when crm cannot answer. */
export type DealTermsReader = (org: string, dealId: string) => Promise<DealTerms | null>;

const DEAL_QUERY = `query($id: ID!) { deal(id: $id) {
  status version value mrr currency termMonths
  lineItems { service quantity unitPrice amount billing glAccount }
} }`;

interface DealAnswer {
  data?: { deal?: DealTerms | null } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Asks the crm subgraph, which owns deals, for a deal's terms: what a
 * `crm.deal.updated` event does not carry (line items, term). The consumer
 * calls as an internal principal of the event's organisation that may only
 * read deals, so crm answers for that organisation alone.
 */
export function createDealTermsReader(crmUrl: string | undefined, internalTokens: InternalTokens, timeoutMs = 5_000): DealTermsReader {
  return async (org, dealId) => {
    if (!crmUrl) throw new Error('the CRM is not connected (no CRM_SUBGRAPH_URL): the deal terms cannot be read');
    const reader: Principal = {
      kind: 'integration',
      org,
      sub: 'service:integrations.books-billing',
      keyId: 'integrations-subgraph',
      product: 'onegraph',
      scopes: ['crm.deals.read'],
    };
    const response = await fetch(crmUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: await internalTokens.sign(reader) },
      body: JSON.stringify({ query: DEAL_QUERY, variables: { id: dealId } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = (await response.json()) as DealAnswer;
    const failure = answer.errors?.find((e) => e.extensions?.code !== 'NOT_FOUND');
    if (failure) throw new Error(`the CRM could not read deal ${dealId}: ${failure.message}`);
    return answer.data?.deal ?? null;
  };
}
