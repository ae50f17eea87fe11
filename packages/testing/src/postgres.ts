/**
 * A real, throwaway PostgreSQL server for tests, from the machine's PostgreSQL binaries (Debian's
 * `postgresql` package: `initdb`, `pg_ctl`, `postgres` under /usr/lib/postgresql/<version>/bin).
 *
 * - `startPostgresServer()` runs `initdb` in a new temp dir, starts the server on 127.0.0.1 and a
 *   free port with durability off (fsync, synchronous commit and full-page writes off: the data is
 *   thrown away), and resolves once it accepts connections. `dispose()` stops it and deletes the dir.
 * - PostgreSQL refuses to run as root: when the tests run as root, the server runs as the
 *   `postgres` user the package creates (or `PG_TEST_USER`).
 * - A watchdog stops the server and deletes its dir if the starting process dies without cleaning up.
 * - `createTestDatabase(adminUrl, name)` creates a database and returns its URL, with a `drop()`.
 *
 * Environment: `PG_BIN` (the folder holding `initdb` and `pg_ctl`; default the newest
 * /usr/lib/postgresql/<version>/bin, else whatever is on the PATH), `PG_TEST_USER` (the OS user
 * the server runs as when the tests run as root; default `postgres`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './service-process.ts';
import pg from 'pg';
// Type-only: puts 'vitest' in the TS program, which the augmentation below needs.
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The test PostgreSQL server's admin URL (database `postgres`) in the project that runs the
     * end-to-end suite on PostgreSQL; '' in the others (they run on PGlite).
     */
    postgresUrl: string;
  }
}

export interface PostgresServer extends AsyncDisposable {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the superuser on the `postgres` database. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /**
   * Stops the server with `pg_ctl stop -m fast` (a restart as the services see it: every connection
   * terminated at once, new ones refused), keeping its data and port for `start()`. Not
   * `immediate`: with durability off (`synchronous_commit`, `fsync`), a crash of this server loses
   * commits it acknowledged, which a production server does not.
   */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (fast shutdown) and deletes its data dir. */
  dispose(): Promise<void>;
}

/** The folder holding `initdb` and `pg_ctl`. */
export function findPostgresBin(): string {
  const fromEnv = process.env.PG_BIN?.trim();
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `no PostgreSQL binaries: none under ${root}/<version>/bin and no pg_config on the PATH ` +
        `(install Debian's postgresql package, as .ci/run does, or set PG_BIN)`,
    );
  }
}

/** The uid/gid to run the server as: ours, unless we are root (PostgreSQL refuses to run as root). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const name = process.env.PG_TEST_USER?.trim() || 'postgres';
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(`running as root, and PostgreSQL refuses to: no OS user "${name}" to run it as (set PG_TEST_USER)`);
  }
}

function run(bin: string, args: string[], user: { uid: number; gid: number } | undefined, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, ...(user ?? {}) });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${bin}: ${err.message}`, { cause: err }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${bin} ${args.join(' ')} failed (exit ${code ?? 'killed'}):\n${output.trim()}`));
    });
  });
}

export interface StartPostgresOptions {
  /** Most connections the server accepts. Default 300 (two stacks at a time, two pools each, and more). */
  maxConnections?: number;
  /** Timeout of `initdb` plus the start. Default 60 000 ms. */
  startTimeoutMs?: number;
}

/** Starts a throwaway PostgreSQL server; rejects with the tool's output if it cannot. */
export async function startPostgresServer(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const user = serverUser();
  const timeout = options.startTimeoutMs ?? 60_000;
  const dir = mkdtempSync(join(tmpdir(), 'onegraph-pg-'));
  const dataDir = join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  const pgCtl = join(bin, 'pg_ctl');
  let started = false;
  try {
    await run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], user, timeout);
    const port = await freePort();
    const settings = [
      `-p ${port}`,
      `-c listen_addresses=127.0.0.1`,
      `-c unix_socket_directories=${dir}`,
      `-c max_connections=${options.maxConnections ?? 300}`,
      // throwaway data: no durability
      `-c fsync=off`,
      `-c synchronous_commit=off`,
      `-c full_page_writes=off`,
      `-c shared_buffers=64MB`,
    ].join(' ');
    const start = () =>
      run(pgCtl, ['start', '-D', dataDir, '-l', join(dir, 'server.log'), '-w', '-t', String(Math.ceil(timeout / 1000)), '-o', settings], user, timeout);
    await start();
    started = true;
    watchOwner(pgCtl, dataDir, dir, user);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let disposed = false;
    const dispose = async () => {
      if (disposed) return;
      disposed = true;
      await run(pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w'], user, 30_000).catch(() =>
        run(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate', '-w'], user, 30_000),
      );
      rmSync(dir, { recursive: true, force: true });
    };
    const stop = async () => {
      await run(pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w'], user, 30_000);
    };
    return { url, port, dataDir, stop, start: async () => void (await start()), dispose, [Symbol.asyncDispose]: dispose };
  } catch (error) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8').split('\n').slice(-20).join('\n') : '';
    if (started) await run(pgCtl, ['stop', '-D', dataDir, '-m', 'immediate'], user, 30_000).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a PostgreSQL test server with ${bin}: ${(error as Error).message}${log ? `\nserver log:\n${log}` : ''}`, {
      cause: error,
    });
  }
}

/** Stops the server and deletes its dir when this process dies without disposing it (a crashed or killed test run). */
function watchOwner(pgCtl: string, dataDir: string, dir: string, user: { uid: number; gid: number } | undefined): void {
  const stop = user ? `setpriv --reuid=${user.uid} --regid=${user.gid} --clear-groups "$1" stop -D "$2" -m immediate` : `"$1" stop -D "$2" -m immediate`;
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; if [ -d "$2" ]; then ${stop} >/dev/null 2>&1; rm -rf "$3"; fi`;
  const watchdog = spawn('bash', ['-c', script, 'pg-watchdog', pgCtl, dataDir, dir], { detached: true, stdio: 'ignore' });
  watchdog.unref();
}

export interface TestDatabase extends AsyncDisposable {
  /** The new database's URL (same server and user as the admin URL). */
  readonly url: string;
  /** Drops the database, closing whatever connections are still open to it. */
  drop(): Promise<void>;
}

/** Creates database `name` (lower case letters, digits, `_`) on the server of `adminUrl`. */
export async function createTestDatabase(adminUrl: string, name: string): Promise<TestDatabase> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name ${name}`);
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  return { url: url.toString(), drop, [Symbol.asyncDispose]: drop };
}
