import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db, StatementObservation } from '@onegraph/db';
import { instrumentsOf } from './instruments.ts';
import { DURATION_BUCKETS, secondsSince, type Metrics } from './metrics.ts';
import type { ReadinessCheck } from './readiness.ts';

/** `db.client.operation.duration`: what `openDb({ observe })` is given, so every statement is timed. */
export function statementObserver(metrics: Metrics, namespace: string): (statement: StatementObservation) => void {
  const histogram = instrumentsOf(metrics).duration(
    'db.client.operation.duration',
    'SQL statements, by operation (first keyword) and database schema (error.type when it failed)',
    [0.001, 0.0025, ...DURATION_BUCKETS],
  );
  return ({ operation, seconds, failed }) =>
    histogram.record(seconds, {
      'db.system.name': 'postgresql',
      'db.namespace': namespace,
      'db.operation.name': operation,
      ...(failed ? { 'error.type': 'db_error' } : {}),
    });
}

/** The connection pool (PostgreSQL): `db.client.connection.count` by state (`used`, `idle`) and `db.client.connection.pending_requests`. */
export function observePool(metrics: Metrics, db: Db, namespace: string): void {
  const { meter } = metrics;
  const pool = { 'db.client.connection.pool.name': namespace };
  meter
    .createObservableUpDownCounter('db.client.connection.count', { description: 'Connections of the pool, by state (used, idle)', unit: '{connection}' })
    .addCallback((result) => {
      const stats = db.poolStats();
      if (!stats) return;
      result.observe(stats.total - stats.idle, { ...pool, 'db.client.connection.state': 'used' });
      result.observe(stats.idle, { ...pool, 'db.client.connection.state': 'idle' });
    });
  meter
    .createObservableUpDownCounter('db.client.connection.pending_requests', { description: 'Queries waiting for a connection of the pool', unit: '{request}' })
    .addCallback((result) => {
      const stats = db.poolStats();
      if (stats) result.observe(stats.waiting, pool);
    });
}

/**
 * `http.server.request.duration` of a subgraph: every request to a route
 * (`/graphql`, `/health`…; any other path is `other`), by method and status.
 */
export function httpServerMetrics(metrics: Metrics, routes: readonly string[]): (req: IncomingMessage, res: ServerResponse) => void {
  const known = new Set(routes);
  const histogram = instrumentsOf(metrics).duration('http.server.request.duration', 'HTTP requests served, by route, method and status');
  return (req, res) => {
    const start = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    res.once('finish', () =>
      histogram.record(secondsSince(start), {
        'http.route': known.has(path) ? path : 'other',
        'http.request.method': req.method === 'GET' || req.method === 'POST' ? req.method : 'other',
        'http.response.status_code': res.statusCode,
      }),
    );
  };
}

/**
 * The database's readiness: `database` (it answers a query) and
 * `migrations` (every migration this build ships is applied: a database
 * behind the code is not ready, whoever migrates it).
 */
export function databaseChecks(db: Db, expectedMigrations: number): ReadinessCheck[] {
  return [
    {
      name: 'database',
      async check() {
        try {
          await db.query('SELECT 1');
          return undefined;
        } catch (error) {
          return `unreachable: ${error instanceof Error ? error.message : String(error)}`;
        }
      },
    },
    {
      name: 'migrations',
      async check() {
        try {
          const { rows } = await db.query<{ applied: string }>('SELECT count(*)::text AS applied FROM schema_migrations');
          const applied = Number(rows[0]?.applied ?? 0);
          return applied >= expectedMigrations ? undefined : `${expectedMigrations - applied} of ${expectedMigrations} migrations not applied`;
        } catch (error) {
          return `not migrated: ${error instanceof Error ? error.message : String(error)}`;
        }
      },
    },
  ];
}
