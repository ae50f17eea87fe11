import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { benchDir, resultsDir } from './paths.ts';

/** Where the peers' compiled entry points go (gitignored, as `bench/results/*.tmp`). */
export const peersOutDir = join(resultsDir, 'peers.tmp');

/** The peer entry points written in TypeScript, by output name. */
const entries = {
  'apollo-baseline': 'peers/apollo-baseline.ts',
  'mercurius-gateway': 'peers/mercurius-gateway.ts',
  'graphql-16.14': 'peers/graphql-16.14.ts',
  'hive-gateway.config': 'peers/hive-gateway.config.ts',
  'ours-engine': 'peers/ours-engine.ts',
} as const;

export type PeerEntry = keyof typeof entries;

/** The compiled file of a peer entry point. */
export function peerFile(entry: PeerEntry): string {
  return join(peersOutDir, `${entry}.mjs`);
}

// npm packages stay imports (resolved from bench/node_modules, then the root's, as
// a deployment would); our own workspace packages are TypeScript, so they are compiled in.
const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@onegraph/') ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Compiles the peers to plain JavaScript, so they run on bare Node as the
 * public benchmark runs them: no TypeScript loader, no source-map stack
 * traces (tsx turns those on, and they make every `new Error().stack` costly).
 * Our gateway runs as it ships (its bin, through tsx).
 */
export async function buildPeers(): Promise<void> {
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([out, file]) => [out, join(benchDir, file)])),
    outdir: peersOutDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    plugins: [npmPackagesExternal],
    logLevel: 'warning',
  });
}
