import type { EnvReader } from '@onegraph/config';
import type { OneStackEndpoints } from './endpoints.ts';
import { parseIntegrationKeys } from './integration-keys.ts';

/**
 * The other products' endpoints from the environment, for a service's
 * `parseConfig`: `PSA_API_URL`, `BOOKS_API_URL`, `PORTAL_API_URL`,
 * `GRAPH_API_URL`, `HUB_API_URL`, `CRM_INTEGRATION_KEY` (one key, or `org=key` pairs),
 * `ONESTACK_API_TIMEOUT_MS` and `ONESTACK_API_ATTEMPTS`. Problems are
 * collected by the reader like every other variable's.
 */
export function readOneStackEndpoints(r: EnvReader): OneStackEndpoints {
  let integrationKeys: OneStackEndpoints['integrationKeys'] = () => undefined;
  try {
    integrationKeys = parseIntegrationKeys(r.string('CRM_INTEGRATION_KEY'));
  } catch (error) {
    r.problems.push((error as Error).message);
  }
  return {
    psa: r.url('PSA_API_URL'),
    books: r.url('BOOKS_API_URL'),
    portal: r.url('PORTAL_API_URL'),
    graph: r.url('GRAPH_API_URL'),
    hub: r.url('HUB_API_URL'),
    integrationKeys,
    timeoutMs: r.int('ONESTACK_API_TIMEOUT_MS', 5_000, 100, 120_000),
    attempts: r.int('ONESTACK_API_ATTEMPTS', 3, 1, 10),
  };
}
