/**
 * A real, throwaway Prometheus server for tests, from the machine's `prometheus` binary (Debian's
 * `prometheus` package, which .ci/run installs).
 *
 * - `startPrometheus({ targets })` writes a static scrape configuration for the given metrics
 *   endpoints (one job each, scraped every second by default), starts Prometheus on 127.0.0.1 and a
 *   free port with a new temp dir as its storage, and resolves once `/-/ready` answers. `dispose()`
 *   stops it and deletes the dir.
 * - `query(promql)` asks the HTTP query API (`/api/v1/query`) and returns the instant vector.
 * - A watchdog stops the server and deletes its dir if the starting process dies without cleaning up.
 *
 * Environment: `PROMETHEUS_BIN` (default `prometheus` on the PATH).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './service-process.ts';

export interface PrometheusOptions {
  /** Metrics endpoints by job name, e.g. `{ gateway: 'http://127.0.0.1:4000/metrics' }`. */
  targets: Record<string, string>;
  /** Default 1. */
  scrapeIntervalSeconds?: number;
  /** Default 30 000 ms. */
  startTimeoutMs?: number;
}

/** One series of an instant vector: its labels and value. */
export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface PrometheusServer extends AsyncDisposable {
  readonly url: string;
  /** Runs an instant query; rejects with Prometheus' error for a bad one. */
  query(promql: string): Promise<Sample[]>;
  /** The scrape targets' health as Prometheus sees them (`up`, `down`, `unknown`), by job. */
  targets(): Promise<Record<string, string>>;
  dispose(): Promise<void>;
}

function scrapeConfig(targets: Record<string, string>, intervalSeconds: number): string {
  const jobs = Object.entries(targets).map(([job, endpoint]) => {
    const url = new URL(endpoint);
    return [
      `  - job_name: ${JSON.stringify(job)}`,
      `    metrics_path: ${JSON.stringify(url.pathname)}`,
      `    scheme: ${url.protocol.replace(':', '')}`,
      `    static_configs:`,
      `      - targets: [${JSON.stringify(url.host)}]`,
    ].join('\n');
  });
  return [`global:`, `  scrape_interval: ${intervalSeconds}s`, `  scrape_timeout: ${intervalSeconds}s`, `scrape_configs:`, ...jobs, ''].join('\n');
}

export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const bin = process.env.PROMETHEUS_BIN?.trim() || 'prometheus';
  const dir = mkdtempSync(join(tmpdir(), 'onegraph-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, scrapeConfig(options.targets, options.scrapeIntervalSeconds ?? 1));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(
    bin,
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (output = (output + d).slice(-4000)));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (output = (output + d).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(new Error(`cannot run ${bin} (install Debian's prometheus package, or set PROMETHEUS_BIN): ${error.message}`)));
      child.once('exit', (code) => reject(new Error(`prometheus exited (${code ?? 'killed'}) before it was ready:\n${output.trim()}`)));
      const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
      const poll = async () => {
        try {
          const response = await fetch(`${url}/-/ready`);
          if (response.ok) return resolve();
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) return reject(new Error(`prometheus was not ready within the timeout:\n${output.trim()}`));
        setTimeout(() => void poll(), 100);
      };
      void poll();
    });
  } catch (error) {
    await dispose();
    throw error;
  }
  const watchdog = spawn(
    'bash',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; kill ${child.pid} 2>/dev/null; rm -rf "$1"`, 'prom-watchdog', dir],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  watchdog.unref();

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`);
    const body = (await response.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? response.status}`);
    return body.data;
  };
  return {
    url,
    async query(promql) {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent(promql)}`);
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async targets() {
      const data = await api<{ activeTargets: { labels: Record<string, string>; health: string }[] }>('/api/v1/targets');
      return Object.fromEntries(data.activeTargets.map((t) => [t.labels['job'] ?? '', t.health]));
    },
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}
