/**
 * One Graph's deployables run as real child processes (their `main.ts`, through tsx), for tests
 * where a kill must be real: SIGKILL ends the process without a word, SIGTERM runs its own
 * shutdown. Each process keeps its port across restarts, writes its JSON log lines to a file
 * (and keeps them in memory, to await one), and is ready when it logs its "ready" line.
 * Spawned by path, never imported: the test support package still imports no app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './kafka.ts';

export type ServiceKind = 'gateway' | 'crm' | 'integrations';

const ENTRY: Record<ServiceKind, string> = {
  gateway: 'gateway/src/main.ts',
  crm: 'subgraphs/crm/src/main.ts',
  integrations: 'subgraphs/integrations/src/main.ts',
};
const PORT_VARIABLE: Record<ServiceKind, string> = { gateway: 'GATEWAY_PORT', crm: 'CRM_PORT', integrations: 'INTEGRATIONS_PORT' };
const READY_MESSAGE: Record<ServiceKind, string> = {
  gateway: 'gateway ready',
  crm: 'crm subgraph ready',
  integrations: 'integrations subgraph ready',
};

/** One JSON log line of a service (`msg` and `level` at least). */
export interface ServiceLogLine {
  msg: string;
  level: string;
  [key: string]: unknown;
}

export interface ServiceProcess {
  /** `crm-1`, `gateway-2`, … */
  readonly name: string;
  readonly kind: ServiceKind;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly logFile: string;
  /** The running process's id; undefined while it is down. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Every log line so far, across restarts. */
  readonly log: readonly ServiceLogLine[];
  /** Starts it (again, on the same port); resolves once it logged that it is ready. */
  start(): Promise<void>;
  /** Sends `signal` (default SIGKILL) and resolves with the exit code once the process is gone. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the first log line (from `from` on) that `match` accepts; rejects after `timeoutMs`. */
  waitForLog(match: (line: ServiceLogLine) => boolean, timeoutMs?: number, from?: number): Promise<ServiceLogLine>;
}

export interface ServiceProcessOptions {
  kind: ServiceKind;
  name: string;
  /** Its environment (the port variable is added); nothing is inherited but PATH and HOME. */
  env: Record<string, string>;
  /** Folder of its log file (`<name>.log`). */
  logDir: string;
  /** A fixed port; default a free one, picked once and kept across restarts. */
  port?: number;
  /** How long `start` waits for the ready line. Default 120 000 ms. */
  readyTimeoutMs?: number;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// children die with the test process when it exits normally; a SIGKILLed runner leaves them to the OS
const everyChild = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of everyChild) child.kill('SIGKILL');
});

/** A deployable as a child process (not started yet: call `start`). */
export async function serviceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const logFile = join(options.logDir, `${options.name}.log`);
  const lines: ServiceLogLine[] = [];
  const waiters = new Set<() => void>();
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  let out: WriteStream | undefined;
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;

  const wake = () => {
    for (const w of [...waiters]) w();
  };

  async function waitForLog(match: (line: ServiceLogLine) => boolean, timeoutMs = 60_000, from = 0): Promise<ServiceLogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${options.name}: no matching log line after ${timeoutMs} ms (log: ${logFile})`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        waiters.add(done);
      });
    }
  }

  const handle: ServiceProcess = {
    name: options.name,
    kind: options.kind,
    port,
    url: `http://127.0.0.1:${port}`,
    logFile,
    get pid() {
      return child?.pid;
    },
    get running() {
      return child !== undefined;
    },
    log: lines,
    waitForLog,
    async start() {
      if (child) return;
      out ??= createWriteStream(logFile, { flags: 'a' });
      const from = lines.length;
      const spawned = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, ENTRY[options.kind])], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env, [PORT_VARIABLE[options.kind]]: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = spawned;
      everyChild.add(spawned);
      const sink = out;
      for (const stream of [spawned.stdout, spawned.stderr]) {
        createInterface({ input: stream }).on('line', (text) => {
          sink.write(`${text}\n`);
          try {
            const parsed = JSON.parse(text) as ServiceLogLine;
            if (typeof parsed.msg === 'string') lines.push(parsed);
          } catch {
            lines.push({ msg: text, level: 'raw' });
          }
          wake();
        });
      }
      exited = new Promise((resolve) => {
        spawned.once('exit', (code) => {
          everyChild.delete(spawned);
          if (child === spawned) child = undefined;
          lines.push({ msg: `(process exited: ${code ?? 'signal'})`, level: 'exit' });
          wake();
          resolve(code);
        });
      });
      const line = await waitForLog((l) => l.msg === READY_MESSAGE[options.kind] || l.level === 'exit', readyTimeoutMs, from);
      if (line.level === 'exit') {
        const tail = lines
          .slice(from)
          .slice(-15)
          .map((l) => JSON.stringify(l))
          .join('\n');
        throw new Error(`${options.name} exited before it was ready:\n${tail}`);
      }
    },
    async kill(signal = 'SIGKILL') {
      const running = child;
      if (!running) return null;
      const done = exited;
      running.kill(signal);
      return done;
    },
  };
  return handle;
}
