import { graphqlRequest } from '@onegraph/testing';

/** The selection a timeline widget asks for: crm fields and one from the integrations subgraph. */
export const COMPANY_ACTIVITY = /* GraphQL */ `
  subscription Timeline($companyId: ID!) {
    companyActivity(companyId: $companyId) {
      id
      type
      summary
      company {
        id
        name
        psa {
          linked
        }
      }
    }
  }
`;

const LOG_ACTIVITY = /* GraphQL */ `
  mutation Log($input: LogActivityInput!) {
    logActivity(input: $input) {
      id
    }
  }
`;

/** Logs `count` notes on a company's timeline through the gateway, one mutation each, in order; resolves with their ids. */
export async function logNotes(stack: { urls: { graphql: string } }, token: string, companyId: string, count: number, label = 'note'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await graphqlRequest<{ logActivity: { id: string } }>(
      stack.urls.graphql,
      LOG_ACTIVITY,
      { input: { type: 'NOTE', summary: `${label} ${i + 1}`, companyId } },
      token,
    );
    if (!res.body.data?.logActivity) throw new Error(`logActivity failed: ${JSON.stringify(res.body.errors)}`);
    ids.push(res.body.data.logActivity.id);
  }
  return ids;
}
