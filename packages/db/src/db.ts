import { SpanKind, tracingActive, withSpan } from '@onegraph/tracing';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { codedError, ErrorCode } from '@onegraph/errors';

export interface QueryResult<R> {
  rows: R[];
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** SQL statements run so far (a cheap counter: tests use it to prove there is no N+1). */
  readonly statements: number;
  /**
   * Tries to take a session-level advisory lock named `key`, held until
   * released (or until its connection dies): leader election between
   * instances sharing the database. Null when someone else holds it.
   */
  tryLock(key: string): Promise<DbLock | null>;
  /** The connection pool's state (PostgreSQL); undefined on PGlite, which has one connection. */
  poolStats(): PoolStats | undefined;
  close(): Promise<void>;
}

/** Connections of the pool: open ones, the idle among them, and queries waiting for one. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** One SQL statement run: its first keyword (`SELECT`, `INSERT`…), duration in seconds, and whether it failed. */
export interface StatementObservation {
  operation: string;
  seconds: number;
  failed: boolean;
}

/** A held advisory lock. */
export interface DbLock {
  /** Whether the lock is still held (false once its connection died). */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

export interface DbOptions {
  /** A PostgreSQL connection string; without one the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite's data folder; `memory://` (the default) keeps it in memory. */
  dataDir?: string | undefined;
  /** The PostgreSQL schema the service owns; created if missing and put first on the search path. */
  schema: string;
  /** The `pg` connection pool (PostgreSQL only); `DEFAULT_POOL` for what is not given. */
  pool?: PoolOptions | undefined;
  /** Told of every statement once it finished (the database metrics). Default none. */
  observe?: ((statement: StatementObservation) => void) | undefined;
}

/** The connection pool of a service on PostgreSQL (`DATABASE_POOL_MAX`, `DATABASE_CONNECT_TIMEOUT_MS`, `DATABASE_IDLE_TIMEOUT_MS`). */
export interface PoolOptions {
  /** Most connections the service holds open at once. Default 10. */
  max?: number;
  /**
   * How long a query waits for a connection (a new one to the server, or a
   * free one from a full pool) before failing, in ms. Default 5000: with the
   * server away, requests fail rather than hang.
   */
  connectionTimeoutMs?: number;
  /** How long an unused connection stays open before the pool closes it, in ms. Default 10 000. */
  idleTimeoutMs?: number;
}

export const DEFAULT_POOL: Required<PoolOptions> = { max: 10, connectionTimeoutMs: 5_000, idleTimeoutMs: 10_000 };

const schemaName = /^[a-z_][a-z0-9_]*$/;

/**
 * A statement as a CLIENT span (database client semantic conventions:
 * `db.system.name`, `db.namespace`, `db.operation.name`, the parameterized
 * `db.query.text`, never the parameters) under the active span. Tracing
 * off: the statement runs alone.
 */
function traced<T>(driver: 'pglite' | 'pg', schema: string, sql: string, run: () => Promise<T>): Promise<T> {
  if (!tracingActive()) return run();
  const operation = /^\s*([a-zA-Z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
  return withSpan(
    '@onegraph/db',
    `${operation} ${schema}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'db.namespace': schema,
        'db.operation.name': operation,
        'db.query.text': sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql,
        'onegraph.db.driver': driver,
      },
    },
    run,
  );
}

/**
 * Opens the service's database: `pg` when a URL is given, PGlite otherwise.
 * Both speak the same SQL, so the rest of the code does not know which.
 */
export async function openDb(options: DbOptions): Promise<Db> {
  if (!schemaName.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
  return options.url
    ? openPostgres(options.url, options.schema, { ...DEFAULT_POOL, ...options.pool }, options.observe)
    : openPglite(options.dataDir ?? 'memory://', options.schema, options.observe);
}

type Observe = DbOptions['observe'];

/** Runs a statement, telling `observe` what it was, how long it took and whether it failed. */
async function observed<T>(observe: Observe, sql: string, run: () => Promise<T>): Promise<T> {
  if (!observe) return run();
  const start = performance.now();
  let failed = false;
  try {
    return await run();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    const operation = /^\s*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'OTHER';
    observe({ operation, seconds: (performance.now() - start) / 1000, failed });
  }
}

async function openPglite(dataDir: string, schema: string, observe: Observe): Promise<Db> {
  const lite = await PGlite.create(dataDir);
  await lite.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}, public;`);
  let statements = 0;
  const run = async <R>(q: Pick<PGlite, 'query'>, sql: string, params?: readonly unknown[]) => {
    statements++;
    const result = await traced('pglite', schema, sql, () => observed(observe, sql, () => q.query<R>(sql, params ? [...params] : undefined)));
    return { rows: result.rows };
  };
  // PGlite's data folder belongs to one process, and one connection: locks are this Db's own
  const locks = new Set<string>();
  return {
    kind: 'pglite',
    get statements() {
      return statements;
    },
    async tryLock(key) {
      if (locks.has(key)) return null;
      locks.add(key);
      let held = true;
      return {
        held: async () => held,
        release: async () => {
          if (held) locks.delete(key);
          held = false;
        },
      };
    },
    poolStats: () => undefined,
    query: (sql, params) => run(lite, sql, params),
    transaction: (fn) => lite.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) })),
    close: () => lite.close(),
  };
}

/** The SERVICE_UNAVAILABLE errors `unavailable` made: still recognised by `isDatabaseUnavailable` (a consumer retries them). */
const unavailableErrors = new WeakSet<Error>();

/** Node's socket errors that mean the server is not there (restarting, failing over, unreachable). */
const unreachable = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

/**
 * Whether `error` says the database cannot be reached right now rather than
 * that the statement was wrong: a refused or dropped connection, the pool's
 * connection timeout, or the server shutting down or starting up (SQLSTATE
 * class 08, 57P01-57P03).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (unavailableErrors.has(error)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (unreachable.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code))) return true;
  return /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(error.message);
}

/**
 * A database that cannot be reached fails the request at once with
 * SERVICE_UNAVAILABLE (retryable), not a masked internal error: the pool's
 * connection timeout bounds the wait, and the next request opens a new
 * connection, so the service recovers by itself when the server is back.
 */
function unavailable(error: unknown): unknown {
  if (!isDatabaseUnavailable(error)) return error;
  const coded = codedError(ErrorCode.SERVICE_UNAVAILABLE, 'The database cannot be reached right now: nothing was written, try again', { retryable: true });
  unavailableErrors.add(coded);
  return Object.assign(coded, { cause: error });
}

async function openPostgres(url: string, schema: string, poolOptions: Required<PoolOptions>, observe: Observe): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    options: `-c search_path=${schema},public`,
    max: poolOptions.max,
    connectionTimeoutMillis: poolOptions.connectionTimeoutMs,
    idleTimeoutMillis: poolOptions.idleTimeoutMs,
  });
  // An idle connection the server closes (a restart, an administrator, a
  // dropped database) is an 'error' on the pool, which would crash the
  // process unhandled: the pool has already discarded that connection, and
  // the next query opens a new one.
  pool.on('error', () => {});
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  let statements = 0;
  const run = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    statements++;
    try {
      const result = await traced('pg', schema, sql, () => observed(observe, sql, () => client.query(sql, params ? [...params] : undefined)));
      return { rows: result.rows as R[] };
    } catch (error) {
      throw unavailable(error);
    }
  };
  return {
    kind: 'postgres',
    get statements() {
      return statements;
    },
    async tryLock(key) {
      const client = await pool.connect();
      let alive = true;
      const onError = () => {
        alive = false;
      };
      client.on('error', onError);
      // a connection handed back to the pool keeps no listener of ours (one per failed try would pile up on it)
      const handBack = (discard: boolean) => {
        client.off('error', onError);
        client.release(discard);
      };
      try {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
        if (!rows[0]?.ok) {
          handBack(false);
          return null;
        }
      } catch (error) {
        handBack(true);
        throw error;
      }
      let released = false;
      return {
        async held() {
          if (!alive || released) return false;
          try {
            await client.query('SELECT 1');
            return true;
          } catch {
            alive = false;
            return false;
          }
        },
        async release() {
          if (released) return;
          released = true;
          if (alive) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => {});
          handBack(!alive);
        },
      };
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect().catch((error: unknown) => {
        throw unavailable(error);
      });
      // the pool listens for errors on idle connections only: one the server drops while this
      // transaction awaits something else would be an unhandled 'error' that ends the process
      let broken = false;
      const onError = () => {
        broken = true;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.off('error', onError);
        // a broken connection is discarded, not handed to the next transaction
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
