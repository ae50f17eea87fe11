import { loadMigrations, type MigrationSet } from '@onegraph/db';

/**
 * The runtime's tables (`processed_events`, `parked_events`), as a named
 * migration set a service applies with its own: `migrate(db, own, [await
 * consumerMigrations()])`. Idempotent on databases whose service created
 * these tables itself before: their rows are kept.
 */
export async function consumerMigrations(): Promise<MigrationSet> {
  return { name: 'consumers', migrations: await loadMigrations(new URL('./migrations/', import.meta.url)) };
}
