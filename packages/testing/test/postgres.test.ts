import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '@onegraph/db';
import { createTestDatabase, startPostgresServer, type PostgresServer } from '../src/postgres.ts';

/**
 * The throwaway PostgreSQL server of the e2e-postgres project, and the
 * production path it exercises (`openDb` with a URL: `pg` and its pool).
 */
describe('the PostgreSQL test server', () => {
  let server: PostgresServer;
  const opened: Db[] = [];

  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(async () => {
    for (const db of opened) await db.close();
    await server?.dispose();
  });

  it('serves databases of their own, on which services open their schema with a bounded pool', async () => {
    expect(server.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const database = await createTestDatabase(server.url, 'pool_test');
    const db = await openDb({ url: database.url, schema: 'svc', pool: { max: 2, connectionTimeoutMs: 1_000 } });
    opened.push(db);
    expect(db.kind).toBe('postgres');
    const { rows } = await db.query<{ db: string; schema: string }>('SELECT current_database() AS db, current_schema() AS schema');
    expect(rows).toEqual([{ db: 'pool_test', schema: 'svc' }]);
    // an advisory lock is held by one session at a time, across pools (as across instances)
    const other = await openDb({ url: database.url, schema: 'svc' });
    opened.push(other);
    const lock = await db.tryLock('leader');
    expect(lock).not.toBeNull();
    expect(await other.tryLock('leader')).toBeNull();
    await lock!.release();
    const taken = await other.tryLock('leader');
    expect(taken).not.toBeNull();
    await taken!.release();
  });

  it('fails a query fast when the pool is exhausted, instead of hanging', async () => {
    const database = await createTestDatabase(server.url, 'exhausted_test');
    const db = await openDb({ url: database.url, schema: 'svc', pool: { max: 1, connectionTimeoutMs: 300 } });
    opened.push(db);
    let release: () => void = () => {};
    const holding = db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    // the pool's connection timeout bounds the wait: a retryable SERVICE_UNAVAILABLE, not a hang
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    release();
    await holding;
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('is stopped and its files deleted on dispose', async () => {
    const another = await startPostgresServer();
    expect(existsSync(another.dataDir)).toBe(true);
    await another.dispose();
    expect(existsSync(another.dataDir)).toBe(false);
  });
});
