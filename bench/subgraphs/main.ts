// One benchmark subgraph in its own process, so a gateway's process is
// measured alone: `node --import tsx bench/subgraphs/main.ts <name> [port]`.
// Prints one JSON line `{"ready":"<url>"}` on stdout once listening; stops
// on SIGTERM/SIGINT.
import { benchSubgraphs, type BenchSubgraphName } from './definitions.ts';
import { createBenchSubgraph } from './server.ts';

const [name, port = '0'] = process.argv.slice(2);
if (!name || !(name in benchSubgraphs)) {
  console.error(`usage: main.ts <${Object.keys(benchSubgraphs).join('|')}> [port]`);
  process.exit(2);
}
const subgraph = createBenchSubgraph(name as BenchSubgraphName);
const url = await subgraph.listen({ port: Number(port) });
process.stdout.write(`${JSON.stringify({ ready: url })}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void subgraph.close().then(() => process.exit(0)));
}
