// `npm run bench`: our gateway against plain Apollo Gateway (the baseline)
// and the other Node federation gateways, on the public benchmark's
// TestQuery and on our CRM dashboard. See bench/README.md.
//
//   npm run bench -- [--workload testquery,crm] [--gateways ours,hive-gateway]
//                    [--rounds 3] [--duration 10] [--warmup 3] [--connections 50]
//   npm run bench -- --profile ours [--workload testquery]   (a .cpuprofile, summarised)
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { firstDifference } from './lib/compare.ts';
import { renderProfileSummary, summariseCpuProfile } from './lib/cpuprofile.ts';
import { gateways, tracedGateways, type GatewayId, type GatewaySpec } from './lib/gateways.ts';
import { runLoad } from './lib/load.ts';
import { buildPeers } from './lib/build-peers.ts';
import { startOtlpSink, stopOtlpSink } from './lib/otlp-sink.ts';
import { describeMachine } from './lib/machine.ts';
import { repoRoot, resultsDir } from './lib/paths.ts';
import { renderReport, renderWorkload, type BenchOptions, type BenchReport, type GatewayResult, type RunRecord, type WorkloadResult } from './lib/report.ts';
import { cpuSeconds, freePort, killAll, peakRssMiB, startService, type Service } from './lib/service.ts';
import { workloads, type Workload, type WorkloadEnvironment, type WorkloadId } from './workloads/index.ts';

const { values: flags } = parseArgs({
  args: process.argv.slice(2),
  options: {
    workload: { type: 'string', default: 'testquery,crm' },
    gateways: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    profile: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (flags.help) {
  console.log(readmeUsage());
  process.exit(0);
}

const options: BenchOptions = {
  rounds: positive('rounds', flags.rounds),
  durationSec: positive('duration', flags.duration),
  warmupSec: Number(flags.warmup),
  connections: positive('connections', flags.connections),
};
const selectedWorkloads = flags.workload.split(',').map((id) => {
  if (!(id in workloads)) fail(`--workload: unknown "${id}" (known: ${Object.keys(workloads).join(', ')})`);
  return workloads[id as WorkloadId];
});
const onlyGateways = flags.gateways?.split(',').map((id) => {
  if (!(id in gateways)) fail(`--gateways: unknown "${id}" (known: ${Object.keys(gateways).join(', ')})`);
  return id as GatewayId;
});
if (flags.profile && !(flags.profile in gateways)) fail(`--profile: unknown gateway "${flags.profile}"`);

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

const started = Date.now();
const stamp = new Date().toISOString().slice(0, 16).replace(':', '-');
const tmpDir = mkdtempSync(join(tmpdir(), 'onegraph-bench-'));
mkdirSync(resultsDir, { recursive: true });
try {
  await buildPeers();
  if (flags.profile) await profile(gateways[flags.profile as GatewayId]);
  else await compare();
} finally {
  rmSync(tmpDir, { recursive: true, force: true });
  await stopOtlpSink();
}

async function compare(): Promise<void> {
  const machine = describeMachine();
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverageAtStart}`);
  const results: WorkloadResult[] = [];
  const selected = selectedWorkloads.flatMap((workload) => onlyGateways ?? workload.gateways);
  if (selected.some((id) => tracedGateways.includes(id))) log(`traced gateways export to an OTLP sink at ${await startOtlpSink()}`);
  for (const workload of selectedWorkloads) {
    const result = await runWorkload(workload);
    results.push(result);
    process.stdout.write(`\n${renderWorkload(result)}\n`);
  }
  const report: BenchReport = {
    startedAt: new Date(started).toISOString(),
    machine,
    options,
    workloads: results,
    loadAverageAtEnd: Math.round(loadavg()[0]! * 100) / 100,
    elapsedSec: (Date.now() - started) / 1000,
  };
  const markdown = renderReport(report);
  writeFileSync(join(resultsDir, `${stamp}.md`), markdown);
  writeFileSync(join(resultsDir, `${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${markdown}\nwritten: bench/results/${stamp}.md and .json (${report.elapsedSec.toFixed(0)} s)\n`);
}

async function runWorkload(workload: Workload): Promise<WorkloadResult> {
  const ids = workload.gateways.filter((id) => id === 'apollo-baseline' || !onlyGateways || onlyGateways.includes(id));
  const results: GatewayResult[] = ids.map((id) => ({ id, label: gateways[id].label, status: 'ok', runs: [] }));
  log(`[${workload.id}] starting subgraphs`);
  let env: WorkloadEnvironment;
  try {
    env = await workload.start(tmpDir);
  } catch (error) {
    const message = (error as Error).message;
    log(`[${workload.id}] could not start: ${message}`);
    const lines = message.split('\n').filter((l) => l.trim());
    const cause = lines.find((l) => /Error|error:/.test(l) && l !== lines[0]);
    return { id: workload.id, title: workload.title, goal: workload.goal, gateways: results, error: [lines[0], cause].filter(Boolean).join(' — ') };
  }
  // each gateway starts once, in round 1, and idles while the others are measured
  const running = new Map<GatewayId, Started>();
  try {
    let reference = env.expected;
    for (let round = 1; round <= options.rounds; round++) {
      for (const result of results) {
        if (result.status === 'failed') continue;
        const spec = gateways[result.id];
        let gateway = running.get(spec.id);
        if (!gateway) {
          const started = await startGateway(workload, env, spec, reference);
          if ('failure' in started) {
            fail(result, round, started.failure);
            continue;
          }
          running.set(spec.id, (gateway = started));
          reference ??= started.response;
        }
        if (!gateway.service.alive()) {
          fail(result, round, `exited: ${gateway.service.output().slice(-300)}`);
          continue;
        }
        const record = await timedRun(workload, env, gateway);
        result.runs.push({ round, ...record });
        const { load } = record;
        log(
          `[${workload.id}] round ${round}/${options.rounds} ${spec.id}: ${load.requestsPerSec.toFixed(0)} req/s, p50 ${load.latencyMs.p50} ms, p99 ${load.latencyMs.p99} ms, errors ${load.errors}, CPU ${record.cpuMsPerRequest?.toFixed(2) ?? 'n/a'} ms/req (subgraphs ${record.subgraphCpuMsPerRequest?.toFixed(2) ?? 'n/a'}, ${record.subgraphCallsPerRequest?.toFixed(1) ?? 'n/a'} calls), load ${record.loadAverage}`,
        );
      }
    }
  } finally {
    await Promise.all([...running.values()].map((g) => g.service.stop()));
    await env.stop();
  }
  return { id: workload.id, title: workload.title, goal: workload.goal, gateways: results };

  function fail(result: GatewayResult, round: number, reason: string) {
    result.status = 'failed';
    result.reason = reason;
    log(`[${workload.id}] round ${round} ${result.id}: FAILED: ${reason}`);
  }
}

interface Started {
  service: Service;
  url: string;
  /** The checked response, as text: every response under load must be this. */
  body: string;
  response: unknown;
  spawnedAt: number;
}

/** Starts a gateway and checks its response to the workload's request against the reference. */
async function startGateway(
  workload: Workload,
  env: WorkloadEnvironment,
  spec: GatewaySpec,
  reference: unknown,
  nodeFlags: string[] = [],
): Promise<Started | { failure: string }> {
  if (env.auth === 'hub' && !spec.hubAuth) return { failure: 'cannot forward One Graph identity (not configured for this workload)' };
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const spawnedAt = Date.now();
  let service: Service;
  try {
    service = await startService({
      name: spec.id,
      args: [...nodeFlags, ...spec.args({ supergraphPath: env.supergraphPath, port, auth: env.auth })],
      env: { ...env.gatewayEnv, ...spec.env },
      ready: { kind: 'graphql', url, headers: env.headers },
      timeoutMs: 120_000,
    });
  } catch (error) {
    return { failure: `did not start: ${(error as Error).message.slice(0, 500)}` };
  }
  let body = '';
  let json: unknown;
  let problem: string | undefined;
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...env.headers }, body: workload.body });
    body = await response.text();
    try {
      json = JSON.parse(body);
    } catch {
      throw new Error(`HTTP ${response.status}, not JSON: ${body.slice(0, 200)}`);
    }
    problem = env.check(json) ?? (reference === undefined ? undefined : firstDifference(json, reference));
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem) {
    await service.stop();
    return { failure: `wrong response: ${problem}` };
  }
  return { service, url, body, response: json, spawnedAt };
}

/** Warms a started gateway up, lets its queue drain, then times it. */
async function timedRun(workload: Workload, env: WorkloadEnvironment, gateway: Started): Promise<Omit<RunRecord, 'round'>> {
  const { service, url } = gateway;
  const load = { url, body: workload.body, headers: env.headers, connections: options.connections, expectBody: gateway.body };
  // a run ends with requests still queued in the gateway (autocannon drops their connections, the gateway
  // still does the work): one more request returns once they are done
  const drain = () =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...env.headers }, body: workload.body }).then((r) => r.text());
  if (options.warmupSec > 0) {
    await runLoad({ ...load, durationSec: options.warmupSec });
    await drain();
  }
  const cpuBefore = cpuSeconds(service.pid);
  const subgraphsBefore = subgraphCpu(env);
  const trafficBefore = await env.subgraphTraffic?.();
  const timedStart = Date.now();
  const result = await runLoad({ ...load, durationSec: options.durationSec });
  const rss = peakRssMiB(service.pid);
  await drain();
  const cpuAfter = cpuSeconds(service.pid);
  const subgraphsAfter = subgraphCpu(env);
  const trafficAfter = await env.subgraphTraffic?.();
  // what was spent from the run's start until the queue drained, over every request it took in
  const perRequest = (value: number) => value / (result.sent + 1);
  return {
    load: result,
    peakRssMiB: rss,
    cpuMsPerRequest: cpuBefore !== undefined && cpuAfter !== undefined ? perRequest((cpuAfter - cpuBefore) * 1000) : undefined,
    subgraphCpuMsPerRequest: perRequest((subgraphsAfter - subgraphsBefore) * 1000),
    subgraphCallsPerRequest: trafficBefore && trafficAfter ? perRequest(trafficAfter.requests - trafficBefore.requests) : undefined,
    subgraphKiBPerRequest: trafficBefore && trafficAfter ? perRequest((trafficAfter.bytes - trafficBefore.bytes) / 1024) : undefined,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    timedRunOffsetMs: timedStart - gateway.spawnedAt,
  };
}

/** CPU seconds the workload's subgraph processes have used so far, together. */
function subgraphCpu(env: WorkloadEnvironment): number {
  return env.subgraphPids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
}

/** `--profile ID`: one loaded run of that gateway under `--cpu-prof`, summarised without its start-up and warmup. */
async function profile(spec: GatewaySpec): Promise<void> {
  for (const workload of selectedWorkloads) {
    log(`[${workload.id}] profiling ${spec.id}: starting subgraphs`);
    const env = await workload.start(tmpDir);
    const name = `${stamp}-${spec.id}-${workload.id}`;
    let skipMs = 0;
    try {
      const gateway = await startGateway(workload, env, spec, env.expected, [
        '--cpu-prof',
        '--cpu-prof-dir',
        resultsDir,
        '--cpu-prof-name',
        `${name}.cpuprofile`,
      ]);
      if ('failure' in gateway) throw new Error(`${spec.id} failed: ${gateway.failure}`);
      try {
        const record = await timedRun(workload, env, gateway);
        skipMs = record.timedRunOffsetMs;
        log(
          `[${workload.id}] ${spec.id} under the profiler: ${record.load.requestsPerSec.toFixed(0)} req/s, p99 ${record.load.latencyMs.p99} ms, errors ${record.load.errors}`,
        );
        if (record.load.errors > 0) log(`[${workload.id}] WARNING: the profile includes failed requests: ${JSON.stringify(record.load.detail)}`);
      } finally {
        await gateway.service.stop();
      }
    } finally {
      await env.stop();
    }
    const file = readdirSync(resultsDir).find((f) => f === `${name}.cpuprofile`);
    if (!file) throw new Error(`no profile was written (${name}.cpuprofile): did the gateway exit on SIGTERM?`);
    const summary = summariseCpuProfile(join(resultsDir, file), repoRoot, 30, skipMs);
    const markdown = renderProfileSummary(summary, `${spec.label}: ${workload.title}`, skipMs);
    writeFileSync(join(resultsDir, `${name}.profile.md`), markdown);
    process.stdout.write(`\n${markdown}\nwritten: bench/results/${file} (gitignored) and ${name}.profile.md\n`);
  }
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) fail(`--${name}: expected a positive number, got "${value}"`);
  return n;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
}

function readmeUsage(): string {
  return `Usage: npm run bench -- [--workload testquery,crm] [--gateways ${Object.keys(gateways).join(',')}]
       [--rounds 3] [--duration 10] [--warmup 3] [--connections 50] [--profile GATEWAY]
See bench/README.md.`;
}
