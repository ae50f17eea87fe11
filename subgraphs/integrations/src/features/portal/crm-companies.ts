import { INTERNAL_TOKEN_HEADER, type InternalTokens, type Principal } from '@onegraph/auth';
import { codedError, ErrorCode, notFound } from '@onegraph/errors';

/**
 * Resolves when the company exists in the principal's organisation, throws
 * NOT_FOUND when it does not (another organisation's company included: the
 * answer does not say which), SERVICE_UNAVAILABLE when the CRM cannot answer.
 */
export type CompanyCheck = (principal: Principal, companyId: string) => Promise<void>;

const COMPANY_QUERY = 'query($id: ID!) { company(id: $id) { id } }';

interface CompanyAnswer {
  data?: { company?: { id: string } | null } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Asks the crm subgraph, which owns companies, whether one exists: the
 * caller's own identity travels as an internal token, so crm answers only
 * for the caller's organisation. A direct question rather than a read model
 * of company events: a portal may be set up for a company created a moment
 * ago, and the demo seed writes companies without events.
 *
 * Without a crm URL no company can be checked: every check is
 * SERVICE_UNAVAILABLE (fail closed, never first come first served).
 */
export function createCompanyCheck(crmUrl: string | undefined, internalTokens: InternalTokens, timeoutMs = 5_000): CompanyCheck {
  return async (principal, companyId) => {
    if (!crmUrl) throw codedError(ErrorCode.SERVICE_UNAVAILABLE, 'The CRM is not connected (no CRM_SUBGRAPH_URL configured): companies cannot be checked');
    let answer: CompanyAnswer;
    try {
      const response = await fetch(crmUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: await internalTokens.sign(principal) },
        body: JSON.stringify({ query: COMPANY_QUERY, variables: { id: companyId } }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      answer = (await response.json()) as CompanyAnswer;
    } catch (error) {
      throw codedError(ErrorCode.SERVICE_UNAVAILABLE, `The CRM could not be asked about company ${companyId} (${(error as Error).message}): try again`);
    }
    if (answer.data?.company?.id === companyId) return;
    const failure = answer.errors?.find((e) => e.extensions?.code !== ErrorCode.NOT_FOUND);
    if (failure) throw codedError(ErrorCode.SERVICE_UNAVAILABLE, `The CRM could not check company ${companyId} (${failure.message}): try again`);
    throw notFound('Company', companyId);
  };
}
