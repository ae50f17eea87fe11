import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Db } from '@onegraph/db';
import { createKey, importKey, statusOf } from './store.ts';

/** What the demo PSA key may do: the sidebar widget's reads (pipeline, activity feed, health score) and quick quotes. */
export const demoPsaScopes = [
  'crm.companies.read',
  'crm.contacts.read',
  'crm.deals.read',
  'crm.activities.read',
  'crm.pipelines.read',
  'crm.health.read',
  'crm.quotes.read',
  'crm.quotes.write',
  'integrations.*.read',
];

/**
 * One PSA integration key per demo organisation, for `npm start` (demo
 * only). With a file, the plaintexts are kept there (mode 600) so the keys
 * printed at start keep working across restarts; a key revoked or expired
 * since is replaced by a new one. Without a file they are new each time.
 * Resolves with the plaintext per organisation.
 */
export async function seedDemoIntegrationKeys(db: Db, orgs: readonly string[], file?: string): Promise<Record<string, string>> {
  const stored: Record<string, string> = file
    ? await readFile(file, 'utf8').then(
        (t) => JSON.parse(t) as Record<string, string>,
        () => ({}),
      )
    : {};
  const keys: Record<string, string> = {};
  const key = (org: string) => ({ org, product: 'psa', name: 'PSA simulator (demo)', scopes: demoPsaScopes, expiresAt: null, createdBy: 'npm-start' });
  for (const org of orgs) {
    const known = stored[org];
    if (known) {
      const row = await importKey(db, known, key(org));
      if (row.org_id === org && statusOf(row) !== 'REVOKED' && statusOf(row) !== 'EXPIRED') {
        keys[org] = known;
        continue;
      }
    }
    keys[org] = (await createKey(db, { ...key(org), format: 'ogk' })).plaintext;
  }
  if (file) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  }
  return keys;
}
