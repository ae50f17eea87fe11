import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { subgraphs, subgraphSdl, supergraphPath, type SubgraphName } from './subgraphs.ts';

/** Composes the committed subgraph SDL into a supergraph; throws with every composition error. */
export function composeSupergraph(urls: Partial<Record<SubgraphName, string>> = {}): string {
  const result = composeServices(
    (Object.keys(subgraphs) as SubgraphName[]).map((name) => ({
      name,
      url: urls[name] ?? subgraphs[name].url,
      typeDefs: parse(subgraphSdl(name)),
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return `${result.supergraphSdl.trimEnd()}\n`;
}

async function main(check: boolean) {
  const supergraph = composeSupergraph();
  if (check) {
    const committed = await readFile(supergraphPath, 'utf8').catch(() => '');
    if (committed !== supergraph) {
      console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit it');
      process.exit(1);
    }
    console.log('schema/supergraph.graphql is current');
  } else {
    await writeFile(supergraphPath, supergraph);
    console.log(`wrote ${supergraphPath}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.includes('--check')).catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
