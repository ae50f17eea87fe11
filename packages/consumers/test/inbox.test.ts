import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDb, type Db } from '@onegraph/db';
import { consumerMigrations } from '@onegraph/consumers';
import { markProcessed } from '../src/inbox.ts';

describe('markProcessed (the inbox)', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ schema: 'inbox_test' });
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.query(`DROP SCHEMA inbox_test CASCADE`);
    await db.query(`CREATE SCHEMA inbox_test`);
    await migrate(db, [], [await consumerMigrations()]);
  });

  it('says true the first time a consumer processes an event and false for a redelivery', async () => {
    expect(await markProcessed(db, 'crm.psa-events', 'evt-1')).toBe(true);
    expect(await markProcessed(db, 'crm.psa-events', 'evt-1')).toBe(false);
    expect(await markProcessed(db, 'crm.psa-events', 'evt-2')).toBe(true);
  });

  it('keeps each consumer’s record apart', async () => {
    expect(await markProcessed(db, 'crm.psa-events', 'evt-1')).toBe(true);
    expect(await markProcessed(db, 'integrations.psa-read-model', 'evt-1')).toBe(true);
    expect(await markProcessed(db, 'integrations.psa-read-model', 'evt-1')).toBe(false);
  });

  it('forgets the mark when the transaction that made it rolls back, so the event is processed again', async () => {
    await expect(
      db.transaction(async (tx) => {
        expect(await markProcessed(tx, 'crm.psa-events', 'evt-1')).toBe(true);
        throw new Error('the effect failed');
      }),
    ).rejects.toThrow('the effect failed');
    const again = await db.transaction((tx) => markProcessed(tx, 'crm.psa-events', 'evt-1'));
    expect(again).toBe(true);
    expect(await markProcessed(db, 'crm.psa-events', 'evt-1')).toBe(false);
  });

  it('keeps a service’s existing inbox and parked rows when the runtime’s migration is applied over its own tables', async () => {
    await db.query(`DROP SCHEMA inbox_test CASCADE`);
    await db.query(`CREATE SCHEMA inbox_test`);
    // what crm's own migrations made before the runtime shipped its tables
    await migrate(db, [
      {
        version: 1,
        name: 'own',
        sql: `CREATE TABLE processed_events (consumer text NOT NULL, event_id text NOT NULL, processed_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id));
CREATE TABLE parked_events (org_id text NOT NULL, id text NOT NULL, consumer text NOT NULL, event_id text NOT NULL, event_type text NOT NULL, reason text NOT NULL,
  envelope jsonb NOT NULL, parked_at timestamptz NOT NULL DEFAULT now(), resolved_at timestamptz, PRIMARY KEY (org_id, id), UNIQUE (consumer, event_id));
`,
      },
    ]);
    await markProcessed(db, 'crm.psa-events', 'evt-1');
    await db.query(
      `INSERT INTO parked_events (org_id, id, consumer, event_id, event_type, reason, envelope) VALUES ('demo', 'prk_1', 'crm.psa-events', 'evt-2', 'psa.ticket.activity', 'unknown company x', '{}')`,
    );
    await migrate(db, [], [await consumerMigrations()]);
    expect(await markProcessed(db, 'crm.psa-events', 'evt-1')).toBe(false);
    const { rows } = await db.query<{ id: string; kind: string }>(`SELECT id, kind FROM parked_events`);
    expect(rows).toEqual([{ id: 'prk_1', kind: 'PARKED' }]);
  });
});
