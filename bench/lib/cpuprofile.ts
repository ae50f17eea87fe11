import { readFileSync } from 'node:fs';

/** The parts of V8's `.cpuprofile` (what `node --cpu-prof` writes) that a summary needs. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  /** Self time in milliseconds. */
  ms: number;
  /** Share of the busy time (everything but `(idle)`), 0-100. */
  percent: number;
}

export interface ProfileSummary {
  /** Wall time the profile covers, ms. */
  totalMs: number;
  /** Time not idle, ms. */
  busyMs: number;
  byFunction: SelfTime[];
  /** Total (inclusive) time by function: its own and that of everything it called. */
  byFunctionTotal: SelfTime[];
  /** Self time by where the code lives: an npm package, Node's internals, our own folders, or a V8 pseudo-frame. */
  byOrigin: SelfTime[];
}

/** Where a frame's code lives: `node_modules/@scope/pkg` → `@scope/pkg`, `node:...` → `node (internals)`, repo files by folder. */
export function originOf(url: string, functionName: string, repoRoot = ''): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node (internals)';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = path.slice(modules + '/node_modules/'.length).split('/');
    return first?.startsWith('@') ? `${first}/${second}` : (first ?? path);
  }
  const relative = repoRoot && path.startsWith(repoRoot) ? path.slice(repoRoot.length) : path;
  const parts = relative.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : relative;
}

function shortUrl(url: string, repoRoot: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + '/node_modules/'.length);
  return repoRoot && path.startsWith(repoRoot) ? path.slice(repoRoot.length) : path;
}

/**
 * Self time by function and by origin, largest first. `fromMs` skips the
 * samples of the profile's first milliseconds (start-up and warmup), so the
 * summary shows the steady state under load.
 */
export function summariseCpuProfile(file: string, repoRoot = '', top = 30, fromMs = 0): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const selfByNode = new Map<number, number>();
  let elapsed = 0;
  // DevTools' attribution: the time until the next sample belongs to this sample's frame
  for (let i = 0; i < profile.samples.length; i++) {
    elapsed += profile.timeDeltas[i] ?? 0;
    if (elapsed < fromMs * 1000) continue;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    const id = profile.samples[i]!;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + delta);
  }
  const nameOf = (id: number) => {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    return url ? `${functionName || '(anonymous)'} ${shortUrl(url, repoRoot)}:${lineNumber + 1}` : functionName || '(anonymous)';
  };
  const byFunction = new Map<string, number>();
  const byFunctionTotal = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (const [id, micros] of selfByNode) {
    const { functionName, url } = nodes.get(id)!.callFrame;
    total += micros;
    if (functionName === '(idle)') idle += micros;
    const name = nameOf(id);
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) onStack.add(nameOf(at));
    for (const frame of onStack) byFunctionTotal.set(frame, (byFunctionTotal.get(frame) ?? 0) + micros);
    const origin = originOf(url, functionName, repoRoot);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + micros);
  }
  const busy = total - idle;
  const rank = (map: Map<string, number>) =>
    [...map]
      .filter(([name]) => name !== '(idle)' && name !== '(root)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, ms: micros / 1000, percent: busy > 0 ? (micros / busy) * 100 : 0 }));
  return { totalMs: total / 1000, busyMs: busy / 1000, byFunction: rank(byFunction), byFunctionTotal: rank(byFunctionTotal), byOrigin: rank(byOrigin) };
}

/** The summary as Markdown tables. */
export function renderProfileSummary(summary: ProfileSummary, title: string, skippedMs = 0): string {
  const rows = (items: SelfTime[]) => items.map((s) => `| ${s.percent.toFixed(1)}% | ${s.ms.toFixed(0)} | \`${s.name.replace(/\|/g, '\\|')}\` |`).join('\n');
  return [
    `### ${title}`,
    '',
    `${skippedMs > 0 ? `Skipping the first ${(skippedMs / 1000).toFixed(1)} s (start-up and warmup), the` : 'The'} profile covers ${(summary.totalMs / 1000).toFixed(1)} s, of which ${(summary.busyMs / 1000).toFixed(1)} s busy (not idle). Shares are of busy time.`,
    '',
    '**Self time by origin**',
    '',
    '| share | ms | origin |',
    '|---:|---:|---|',
    rows(summary.byOrigin),
    '',
    '**Self time by function**',
    '',
    '| share | ms | function |',
    '|---:|---:|---|',
    rows(summary.byFunction),
    '',
    '**Total (inclusive) time by function**',
    '',
    '| share | ms | function |',
    '|---:|---:|---|',
    rows(summary.byFunctionTotal),
    '',
  ].join('\n');
}
