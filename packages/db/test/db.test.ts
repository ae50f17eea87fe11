import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openDb, type Db, type Migration, type MigrationSet } from '@onegraph/db';

const inbox: Migration = {
  version: 1,
  name: 'inbox',
  sql: `-- the idempotent-consumer inbox
CREATE TABLE processed_events (
  consumer     text NOT NULL,
  event_id     text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
`,
};
const notes: Migration = {
  version: 2,
  name: 'notes',
  sql: `CREATE TABLE notes (id text PRIMARY KEY, body text NOT NULL);
CREATE INDEX notes_body ON notes (body);
`,
};

/** Whether a table exists in the database's schema (the search path). */
async function tableExists(db: Db, table: string): Promise<boolean> {
  const { rows } = await db.query<{ found: string | null }>(`SELECT to_regclass($1)::text AS found`, [table]);
  return rows[0]?.found != null;
}

async function appliedVersions(db: Db): Promise<number[]> {
  const { rows } = await db.query<{ version: number }>(`SELECT version FROM schema_migrations ORDER BY version`);
  return rows.map((r) => Number(r.version));
}

async function noteCount(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>(`SELECT count(*) AS n FROM notes`);
  return Number(rows[0]!.n);
}

describe('openDb (PGlite in memory)', () => {
  // one database for the file (starting PGlite takes seconds); each test gets the service schema afresh
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ schema: 'test_service' });
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.query(`DROP SCHEMA test_service CASCADE`);
    await db.query(`CREATE SCHEMA test_service`);
  });

  it('opens an embedded database with the service schema first on the search path', async () => {
    expect(db.kind).toBe('pglite');
    const { rows } = await db.query<{ schema: string }>(`SELECT current_schema() AS schema`);
    expect(rows).toEqual([{ schema: 'test_service' }]);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openDb({ schema: 'crm; DROP SCHEMA public' })).rejects.toThrow(/invalid schema name/);
    await expect(openDb({ schema: 'Crm' })).rejects.toThrow(/invalid schema name/);
  });

  describe('migrate', () => {
    it('applies pending migrations once, in order: a second run applies none', async () => {
      expect(await migrate(db, [inbox, notes])).toEqual([1, 2]);
      expect(await migrate(db, [inbox, notes])).toEqual([]);
      expect(await appliedVersions(db)).toEqual([1, 2]);
      expect(await tableExists(db, 'processed_events')).toBe(true);
      expect(await tableExists(db, 'notes')).toBe(true);
    });

    it('applies only the migrations added since the last run', async () => {
      expect(await migrate(db, [inbox])).toEqual([1]);
      expect(await tableExists(db, 'notes')).toBe(false);
      expect(await migrate(db, [inbox, notes])).toEqual([2]);
      expect(await appliedVersions(db)).toEqual([1, 2]);
    });

    it('applies a package’s named set after the service’s own, once, keeping rows of tables the service made before', async () => {
      const set: MigrationSet = {
        name: 'consumers',
        migrations: [
          {
            version: 1,
            name: 'runtime',
            sql: `CREATE TABLE IF NOT EXISTS processed_events (consumer text NOT NULL, event_id text NOT NULL, PRIMARY KEY (consumer, event_id));
ALTER TABLE processed_events ADD COLUMN IF NOT EXISTS note text;
`,
          },
        ],
      };
      await migrate(db, [inbox]);
      await db.query(`INSERT INTO processed_events (consumer, event_id) VALUES ('c', 'e1')`);
      // the set's version 1 is not the service's version 1
      expect(await migrate(db, [inbox, notes], [set])).toEqual([2]);
      expect(await migrate(db, [inbox, notes], [set])).toEqual([]);
      const { rows } = await db.query<{ event_id: string; note: string | null }>(`SELECT event_id, note FROM processed_events`);
      expect(rows).toEqual([{ event_id: 'e1', note: null }]);
      const sets = await db.query<{ set_name: string; version: number }>(`SELECT set_name, version FROM schema_migration_sets`);
      expect(sets.rows).toEqual([{ set_name: 'consumers', version: 1 }]);
      // on a fresh database the set creates the table itself
      await db.query(`DROP SCHEMA test_service CASCADE`);
      await db.query(`CREATE SCHEMA test_service`);
      await migrate(db, [notes], [set]);
      expect(await tableExists(db, 'processed_events')).toBe(true);
    });

    it('leaves nothing applied when a migration fails, and applies all once it is fixed', async () => {
      const broken: Migration = { version: 2, name: 'broken', sql: `CREATE TABLE notes (id text PRIMARY KEY);\nCREATE TABLE nonsense (id no_such_type);\n` };
      await expect(migrate(db, [inbox, broken])).rejects.toThrow(/no_such_type/);
      expect(await appliedVersions(db)).toEqual([]);
      expect(await tableExists(db, 'processed_events')).toBe(false);
      expect(await tableExists(db, 'notes')).toBe(false);

      expect(await migrate(db, [inbox, notes])).toEqual([1, 2]);
      expect(await appliedVersions(db)).toEqual([1, 2]);
    });
  });

  describe('transaction', () => {
    beforeEach(async () => {
      await migrate(db, [inbox, notes]);
    });

    it('commits what the function did and returns its result', async () => {
      const result = await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO notes (id, body) VALUES ($1, $2)`, ['n1', 'first']);
        const { rows } = await tx.query<{ body: string }>(`SELECT body FROM notes WHERE id = $1`, ['n1']);
        return rows[0]!.body;
      });
      expect(result).toBe('first');
      expect(await noteCount(db)).toBe(1);
    });

    it('rolls everything back when the function throws, and rethrows its error', async () => {
      const failure = new Error('validation failed after the insert');
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO notes (id, body) VALUES ($1, $2)`, ['n1', 'first']);
          await tx.query(`INSERT INTO notes (id, body) VALUES ($1, $2)`, ['n2', 'second']);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await noteCount(db)).toBe(0);
    });

    it('rolls back when a statement fails, leaving the database usable', async () => {
      await db.query(`INSERT INTO notes (id, body) VALUES ($1, $2)`, ['n1', 'first']);
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`INSERT INTO notes (id, body) VALUES ($1, $2)`, ['n2', 'second']);
          await tx.query(`INSERT INTO notes (id, body) VALUES ($1, $2)`, ['n1', 'duplicate']);
        }),
      ).rejects.toThrow(/duplicate key/);
      expect(await noteCount(db)).toBe(1);
      await db.query(`INSERT INTO notes (id, body) VALUES ($1, $2)`, ['n3', 'third']);
      expect(await noteCount(db)).toBe(2);
    });
  });

  it('counts the statements it runs, inside transactions too', async () => {
    const start = db.statements;
    await db.query(`SELECT 1`);
    expect(db.statements).toBe(start + 1);
    await db.transaction(async (tx) => {
      await tx.query(`SELECT 1`);
      await tx.query(`SELECT 2`);
      await tx.query(`SELECT 3`);
    });
    expect(db.statements).toBe(start + 4);
    await expect(db.query(`SELECT * FROM no_such_table`)).rejects.toThrow();
    expect(db.statements).toBe(start + 5);
  });
});

describe('loadMigrations', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'onegraph-migrations-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const folderUrl = () => pathToFileURL(`${folder}/`);

  it('reads NNN_name.sql files in version order, ignoring other files', async () => {
    await writeFile(join(folder, '002_notes.sql'), notes.sql);
    await writeFile(join(folder, '001_inbox.sql'), inbox.sql);
    await writeFile(join(folder, 'README.md'), '# not a migration');
    expect(await loadMigrations(folderUrl())).toEqual([
      { version: 1, name: 'inbox', sql: inbox.sql },
      { version: 2, name: 'notes', sql: notes.sql },
    ]);
  });

  it('refuses a .sql file that is not named NNN_name.sql', async () => {
    await writeFile(join(folder, 'init.sql'), inbox.sql);
    await expect(loadMigrations(folderUrl())).rejects.toThrow(/init\.sql/);
  });
});
