import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { benchSubgraphs, type BenchSubgraphName } from './definitions.ts';

/** The names of the benchmark's subgraphs, in the order of the public benchmark's supergraph. */
export const benchSubgraphNames = Object.keys(benchSubgraphs) as BenchSubgraphName[];

/** Composes the benchmark's supergraph (Apollo composition, as a registry would) for subgraphs at these URLs. */
export function composeBenchSupergraph(urls: Record<BenchSubgraphName, string>): string {
  const result = composeServices(benchSubgraphNames.map((name) => ({ name, url: urls[name], typeDefs: parse(benchSubgraphs[name].typeDefs) })));
  if (result.errors) throw new Error(`bench supergraph does not compose:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.supergraphSdl;
}
