import type { IntegrationKeyLookup } from './integration-keys.ts';
import { createProductClient, type ProductClient, type ProductCredentials } from './product-client.ts';

/**
 * Where the other products' direct APIs are, and the key to present to
 * them per organisation: `PSA_API_URL`, `BOOKS_API_URL`, `PORTAL_API_URL`,
 * `GRAPH_API_URL` (Microsoft Graph, which takes OAuth tokens instead: the
 * crm subgraph's `M365_APP_CREDENTIALS`) and `CRM_INTEGRATION_KEY`. A product
 * without a URL is not connected: what needs it fails with a clear error
 * (or, for background work, does nothing).
 */
export interface OneStackEndpoints {
  psa?: string | undefined;
  books?: string | undefined;
  portal?: string | undefined;
  graph?: string | undefined;
  /** Hub's users API (`HUB_API_URL`): deal owners are checked against it and resolved through it. */
  hub?: string | undefined;
  integrationKeys: IntegrationKeyLookup;
  /** Per attempt, in ms. Default 5000. */
  timeoutMs?: number | undefined;
  /** Attempts of a retryable call. Default 3. */
  attempts?: number | undefined;
  /** First backoff between attempts, in ms. Default 100. */
  backoffMs?: number | undefined;
}

export const noEndpoints: OneStackEndpoints = { integrationKeys: () => undefined };

/**
 * The client of one product's API at `baseUrl`, with the endpoints' key
 * lookup (or other `credentials`: Microsoft Graph's bearer tokens) and
 * call tuning (timeouts, attempts, backoff).
 */
export function productClientAt(endpoints: OneStackEndpoints, product: string, baseUrl: string, credentials?: ProductCredentials): ProductClient {
  return createProductClient({
    product,
    baseUrl,
    ...(credentials ? { credentials } : { integrationKeys: endpoints.integrationKeys }),
    ...(endpoints.timeoutMs !== undefined ? { timeoutMs: endpoints.timeoutMs } : {}),
    ...(endpoints.attempts !== undefined ? { attempts: endpoints.attempts } : {}),
    ...(endpoints.backoffMs !== undefined ? { backoffMs: endpoints.backoffMs } : {}),
  });
}
