import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** One built asset of the IDE, served under a content-hashed name. */
export interface IdeAsset {
  /** `graphiql-<hash>.js`, `graphiql-<hash>.css`. */
  name: string;
  contentType: string;
  body: Uint8Array;
}

export interface IdeBundle {
  script: IdeAsset;
  style: IdeAsset;
}

const entry = fileURLToPath(new URL('../../graphiql/src/main.ts', import.meta.url));

/**
 * Bundles the IDE (`gateway/graphiql/`: GraphiQL, React and our sign-in bar)
 * in memory with esbuild, as the PSA widget is bundled: nothing generated is
 * written or committed, no CDN is involved, and the page needs no inline
 * script. Takes a second or two; the route builds once, on the first
 * request for the IDE.
 */
export async function buildIde(): Promise<IdeBundle> {
  const result = await build({
    entryPoints: { graphiql: entry },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16', 'edge109'],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    outdir: '/graphiql-out',
    entryNames: '[name]-[hash]',
    logLevel: 'silent',
  });
  const of = (extension: string, contentType: string): IdeAsset => {
    const file = result.outputFiles.find((f) => f.path.endsWith(extension));
    if (!file) throw new Error(`IDE bundle: no ${extension} output`);
    return { name: basename(file.path), contentType, body: file.contents };
  };
  return { script: of('.js', 'text/javascript; charset=utf-8'), style: of('.css', 'text/css; charset=utf-8') };
}
