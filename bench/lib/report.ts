import type { GatewayId } from './gateways.ts';
import type { LoadResult } from './load.ts';
import type { Machine } from './machine.ts';
import { median } from './stats.ts';

export interface RunRecord {
  round: number;
  load: LoadResult;
  peakRssMiB: number | undefined;
  /** Gateway process CPU time per completed request during the timed run, ms. */
  cpuMsPerRequest: number | undefined;
  /** The subgraph processes' CPU time per request, together: a gateway that needs fewer or cheaper subgraph calls lowers it. */
  subgraphCpuMsPerRequest: number | undefined;
  /** Subgraph HTTP requests per gateway request (when the subgraphs count them). */
  subgraphCallsPerRequest: number | undefined;
  /** Subgraph request and response bytes per gateway request, KiB (when the subgraphs count them). */
  subgraphKiBPerRequest: number | undefined;
  /** 1-minute load average right after the run. */
  loadAverage: number;
  /** From the gateway process' start to this timed run's start, ms (what a profile summary skips). */
  timedRunOffsetMs: number;
}

export interface GatewayResult {
  id: GatewayId;
  label: string;
  status: 'ok' | 'failed';
  reason?: string;
  runs: RunRecord[];
}

export interface WorkloadResult {
  id: string;
  title: string;
  goal: number;
  gateways: GatewayResult[];
  /** Set when the workload could not start at all. */
  error?: string;
}

export interface BenchOptions {
  rounds: number;
  durationSec: number;
  warmupSec: number;
  connections: number;
}

export interface BenchReport {
  startedAt: string;
  machine: Machine;
  options: BenchOptions;
  workloads: WorkloadResult[];
  loadAverageAtEnd: number;
  elapsedSec: number;
}

export interface Summary {
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  peakRssMiB: number | undefined;
  cpuMsPerRequest: number | undefined;
  subgraphCpuMsPerRequest: number | undefined;
  subgraphCallsPerRequest: number | undefined;
  subgraphKiBPerRequest: number | undefined;
}

export function summarise(runs: readonly RunRecord[]): Summary | undefined {
  if (runs.length === 0) return undefined;
  const defined = (values: (number | undefined)[]) => values.filter((v): v is number => v !== undefined);
  const rss = defined(runs.map((r) => r.peakRssMiB));
  const cpu = defined(runs.map((r) => r.cpuMsPerRequest));
  const subgraphCpu = defined(runs.map((r) => r.subgraphCpuMsPerRequest));
  const calls = defined(runs.map((r) => r.subgraphCallsPerRequest));
  const kib = defined(runs.map((r) => r.subgraphKiBPerRequest));
  return {
    requestsPerSec: median(runs.map((r) => r.load.requestsPerSec)),
    p50: median(runs.map((r) => r.load.latencyMs.p50)),
    p99: median(runs.map((r) => r.load.latencyMs.p99)),
    errors: runs.reduce((sum, r) => sum + r.load.errors, 0),
    peakRssMiB: rss.length ? Math.max(...rss) : undefined,
    cpuMsPerRequest: cpu.length ? median(cpu) : undefined,
    subgraphCpuMsPerRequest: subgraphCpu.length ? median(subgraphCpu) : undefined,
    subgraphCallsPerRequest: calls.length ? median(calls) : undefined,
    subgraphKiBPerRequest: kib.length ? median(kib) : undefined,
  };
}

const fixed = (value: number | undefined, digits = 0) => (value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits));

/** One workload's table: medians over the rounds, ratios to the baseline. */
export function renderWorkload(result: WorkloadResult): string {
  const lines = [`### ${result.title}`, ''];
  if (result.error) return [...lines, `**Workload failed to start:** ${result.error}`, ''].join('\n');
  const baseline = summarise(result.gateways.find((g) => g.id === 'apollo-baseline' && g.status === 'ok')?.runs ?? []);
  lines.push(
    `Goal: ours ≥ ${result.goal}× the baseline's req/s.`,
    '',
    '| gateway | req/s (median) | × baseline | p50 ms | p99 ms | errors | peak RSS MiB | CPU ms/req | × baseline per CPU | subgraphs CPU ms/req | subgraph calls (KiB) /req | req/s per round |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const gateway of result.gateways) {
    const s = summarise(gateway.runs);
    if (gateway.status === 'failed' && !s) {
      lines.push(`| ${gateway.label} | failed | | | | | | | | | | ${gateway.reason?.replace(/\|/g, '\\|').replace(/\n/g, ' ') ?? ''} |`);
      continue;
    }
    if (!s) continue;
    const ratio = baseline ? s.requestsPerSec / baseline.requestsPerSec : undefined;
    const cpuRatio = baseline?.cpuMsPerRequest && s.cpuMsPerRequest ? baseline.cpuMsPerRequest / s.cpuMsPerRequest : undefined;
    const perRound = gateway.runs.map((r) => fixed(r.load.requestsPerSec)).join(' / ');
    const failed = gateway.status === 'failed' ? ` (failed later: ${gateway.reason ?? ''})` : '';
    lines.push(
      `| ${gateway.label}${failed} | ${fixed(s.requestsPerSec)} | ${fixed(ratio, 2)} | ${fixed(s.p50)} | ${fixed(s.p99)} | ${s.errors} | ${fixed(s.peakRssMiB)} | ${fixed(s.cpuMsPerRequest, 2)} | ${fixed(cpuRatio, 2)} | ${fixed(s.subgraphCpuMsPerRequest, 2)} | ${s.subgraphCallsPerRequest === undefined ? 'n/a' : `${fixed(s.subgraphCallsPerRequest, 1)} (${fixed(s.subgraphKiBPerRequest, 0)})`} | ${perRound} |`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

export function renderReport(report: BenchReport): string {
  const { machine, options } = report;
  return [
    `# Gateway benchmark, ${report.startedAt}`,
    '',
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}; Node ${machine.node}; commit ${machine.commit}`,
    `- Load average (1 min): ${machine.loadAverageAtStart} at start, ${report.loadAverageAtEnd} at end. The subgraphs, the load generator and the gateway share these cores, and so does anything else running on the machine: compare ratios within one run, not absolute numbers across machines.`,
    `- Load: autocannon, ${options.connections} connections, ${options.warmupSec} s warmup + ${options.durationSec} s timed per run, ${options.rounds} rounds interleaved (the baseline first in each round), one gateway under load at a time (each gateway process starts once per workload and idles while the others run); medians over rounds.`,
    `- Each gateway's response is checked equal to the reference before it is timed, and every response under load must be byte-identical to that checked one (else it counts as an error).`,
    `- CPU ms/req: the gateway process' own CPU time per request during the timed run (from /proc), the measure least disturbed by other load; × baseline per CPU compares requests per gateway CPU-second. Subgraphs CPU ms/req: the subgraph processes' together. Peak RSS: the gateway process' VmHWM.`,
    `- Whole run: ${report.elapsedSec.toFixed(0)} s.`,
    '',
    ...report.workloads.map(renderWorkload),
  ].join('\n');
}
