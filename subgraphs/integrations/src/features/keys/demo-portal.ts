import type { Db } from '@onegraph/db';
import { createKey } from './store.ts';

/**
 * What the client Portal reads through the graph: the company and the CRM
 * features a portal can show, never a write. Which of them a given portal
 * shows is the company's toggles' business (Portal asks only for those).
 */
export const demoPortalScopes = [
  'crm.companies.read',
  'crm.deals.read',
  'crm.quotes.read',
  'crm.esign.read',
  'integrations.books.read',
  'integrations.portal.read',
];

/** One Portal integration key per demo organisation (product `portal`), new at each start (demo only). Resolves with the plaintext per organisation. */
export async function seedDemoPortalIntegrationKeys(db: Db, orgs: readonly string[]): Promise<Record<string, string>> {
  const keys: Record<string, string> = {};
  for (const org of orgs) {
    const created = await createKey(db, {
      org,
      product: 'portal',
      name: 'Portal simulator (demo)',
      scopes: demoPortalScopes,
      expiresAt: null,
      createdBy: 'npm-start',
      format: 'ogk',
    });
    keys[org] = created.plaintext;
  }
  return keys;
}
