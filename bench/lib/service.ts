import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A child process the benchmark started: a subgraph, a gateway or a peer. */
export interface Service {
  readonly name: string;
  readonly pid: number;
  /** Its GraphQL endpoint. */
  readonly url: string;
  /** The whole `{"ready":...}` line it printed, when it printed one (it may carry more than the URL). */
  readonly readyLine: Record<string, unknown> | undefined;
  /** The last lines it wrote on stderr (for failure reports). */
  output(): string;
  /** Whether it is still running. */
  alive(): boolean;
  /** Stops it (SIGTERM, then SIGKILL after `graceMs`); resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServiceSpec {
  name: string;
  /** Arguments to `node` (this Node binary): flags, script, script arguments. */
  args: string[];
  env?: Record<string, string | undefined>;
  /**
   * How to know it is ready: the first stdout line `{"ready":"<url>"}`, or a
   * GraphQL endpoint answering `{ __typename }`.
   */
  ready: { kind: 'ready-line' } | { kind: 'graphql'; url: string; headers?: Record<string, string> };
  /** Default 60 s. */
  timeoutMs?: number;
}

const running = new Set<ChildProcess>();

/** Kills every child still running (the runner's last resort on exit or Ctrl-C). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Whether `url` answers a GraphQL `{ __typename }` with data. */
async function answersGraphQL(url: string, headers: Record<string, string> = {}): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"query":"{ __typename }"}',
      signal: AbortSignal.timeout(2_000),
    });
    return response.ok && typeof ((await response.json()) as { data?: unknown }).data === 'object';
  } catch {
    return false;
  }
}

export async function startService(spec: ServiceSpec): Promise<Service> {
  const child = spawn(process.execPath, spec.args, {
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4_000);
  };
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));

  const timeoutMs = spec.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  let readyLine: Record<string, unknown> | undefined;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  if (spec.ready.kind === 'ready-line') {
    url = await new Promise<string | undefined>((resolve) => {
      let buffer = '';
      const onData = (chunk: Buffer) => {
        keep(chunk);
        buffer += chunk.toString('utf8');
        for (const line of buffer.split('\n')) {
          if (!line.startsWith('{"ready"')) continue;
          child.stdout!.off('data', onData);
          readyLine = JSON.parse(line) as Record<string, unknown>;
          resolve(String(readyLine['ready']));
          return;
        }
      };
      child.stdout!.on('data', onData);
      void exited.then(() => resolve(undefined));
      setTimeout(() => resolve(undefined), timeoutMs).unref();
    });
  } else {
    child.stdout!.on('data', keep);
    while (exitCode === undefined && Date.now() < deadline) {
      if (await answersGraphQL(spec.ready.url, spec.ready.headers)) {
        url = spec.ready.url;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  child.stdout!.resume();

  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  if (!url) {
    await stop(2_000);
    throw new Error(`${spec.name} did not become ready within ${timeoutMs} ms (exit code ${exitCode ?? 'none'}):\n${tail}`);
  }
  const alive = () => child.exitCode === null && child.signalCode === null;
  return { name: spec.name, pid: child.pid!, url, readyLine, output: () => tail, alive, stop };
}

/** Peak resident set size of a live process (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a live process has used so far, in seconds (Linux clock ticks at 100 Hz). */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the parenthesised command name; utime and stime are fields 14 and 15
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
