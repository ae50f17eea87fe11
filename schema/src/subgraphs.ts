import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The subgraphs of One Graph and the URL each has in the committed supergraph (the `npm start` layout). */
export const subgraphs = {
  crm: { url: 'http://127.0.0.1:4001/graphql' },
  integrations: { url: 'http://127.0.0.1:4002/graphql' },
} as const;

export type SubgraphName = keyof typeof subgraphs;

export const schemaDir = fileURLToPath(new URL('..', import.meta.url));
export const supergraphPath = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));

/** The SDL of a subgraph, as committed in `schema/subgraphs/`. */
export function subgraphSdl(name: SubgraphName): string {
  return readFileSync(new URL(`../subgraphs/${name}.graphql`, import.meta.url), 'utf8');
}
