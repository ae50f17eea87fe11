import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** What every peer takes: `--supergraph FILE --port N`, plus optional hub auth for the CRM workload. */
export interface PeerArgs {
  supergraphPath: string;
  supergraphSdl: string;
  port: number;
  /** `hub`: verify a Hub token and forward an internal identity token, as our gateway does. */
  auth: 'none' | 'hub';
}

export function parsePeerArgs(argv: readonly string[]): PeerArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { supergraph: { type: 'string' }, port: { type: 'string' }, auth: { type: 'string', default: 'none' } },
    strict: true,
  });
  if (!values.supergraph || !values.port) throw new Error('usage: --supergraph FILE --port N [--auth none|hub]');
  if (values.auth !== 'none' && values.auth !== 'hub') throw new Error(`--auth: expected none or hub, got ${values.auth}`);
  return { supergraphPath: values.supergraph, supergraphSdl: readFileSync(values.supergraph, 'utf8'), port: Number(values.port), auth: values.auth };
}

/** The subgraphs named in a supergraph's `join__Graph` enum, with their URLs. */
export function subgraphsOf(supergraphSdl: string): { name: string; url: string }[] {
  return [...supergraphSdl.matchAll(/@join__graph\(name:\s*"([^"]+)",\s*url:\s*"([^"]*)"\)/g)].map((m) => ({ name: m[1]!, url: m[2]! }));
}

/** Stops on SIGINT/SIGTERM after `close`, so `--cpu-prof` profiles are written. */
export function exitOnSignal(close: () => Promise<unknown>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void close().finally(() => process.exit(0)));
  }
}
