import { readdir, readFile } from 'node:fs/promises';
import type { Db } from './db.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Reads `NNN_name.sql` files from a folder, in version order. */
export async function loadMigrations(folder: URL): Promise<Migration[]> {
  const files = (await readdir(folder)).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (file) => {
      const match = /^(\d+)_(.+)\.sql$/.exec(file);
      if (!match) throw new Error(`migration file ${file} is not named NNN_name.sql`);
      return { version: Number(match[1]), name: match[2]!, sql: await readFile(new URL(file, folder), 'utf8') };
    }),
  );
}

/**
 * Migrations a shared package ships for the tables it owns (the consumer
 * runtime's inbox, parked events and dead letters), applied by every service
 * that uses the package, after the service's own. Versions count per set;
 * they are recorded in `schema_migration_sets` under the set's name. A
 * set's migrations must be idempotent (`CREATE TABLE IF NOT EXISTS`, `ADD
 * COLUMN IF NOT EXISTS`): a service may have created the same tables itself
 * before the package shipped them.
 */
export interface MigrationSet {
  /** Unique among the sets a service applies, e.g. `consumers`. */
  name: string;
  migrations: readonly Migration[];
}

/**
 * Applies the migrations not applied yet, with their rows in
 * `schema_migrations` (the service's own) and `schema_migration_sets` (the
 * packages' sets, after the service's), all in one transaction: a failing
 * migration leaves the database as it was before the run (PostgreSQL DDL is
 * transactional). An advisory lock keeps two instances starting together
 * from racing. Returns the versions of the service's own migrations applied.
 */
export async function migrate(db: Db, migrations: readonly Migration[], sets: readonly MigrationSet[] = []): Promise<number[]> {
  await db.query(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  if (sets.length > 0) {
    await db.query(
      `CREATE TABLE IF NOT EXISTS schema_migration_sets (
         set_name text NOT NULL, version integer NOT NULL, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (set_name, version))`,
    );
  }
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema()))`);
    const { rows } = await tx.query<{ version: number }>(`SELECT version FROM schema_migrations`);
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    for (const set of sets) {
      const { rows: setRows } = await tx.query<{ version: number }>(`SELECT version FROM schema_migration_sets WHERE set_name = $1`, [set.name]);
      const setDone = new Set(setRows.map((r) => Number(r.version)));
      for (const m of set.migrations) {
        if (setDone.has(m.version)) continue;
        for (const statement of splitStatements(m.sql)) await tx.query(statement);
        await tx.query(`INSERT INTO schema_migration_sets (set_name, version, name) VALUES ($1, $2, $3)`, [set.name, m.version, m.name]);
      }
    }
    return applied;
  });
}

/** Splits a migration on `;` at line ends (our migrations hold no procedural bodies). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\r?\n|$)/)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
}
