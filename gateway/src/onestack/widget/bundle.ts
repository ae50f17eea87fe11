import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** One built asset of the widget, served under a content-hashed name. */
export interface WidgetAsset {
  /** `pipeline-<hash>.js`, `pipeline-<hash>.css`. */
  name: string;
  contentType: string;
  body: Uint8Array;
}

export interface WidgetBundle {
  script: WidgetAsset;
  style: WidgetAsset;
}

const entry = fileURLToPath(new URL('../../../widget/src/main.ts', import.meta.url));

/**
 * Bundles the widget's TypeScript and CSS (`gateway/widget/`) in memory
 * with esbuild: nothing generated is written or committed, and the source
 * in the repository is what runs. Takes a few hundred milliseconds; the
 * route builds once, on the first request for the widget.
 */
export async function buildWidget(): Promise<WidgetBundle> {
  const result = await build({
    entryPoints: { pipeline: entry },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16', 'edge109'],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    outdir: '/widget-out',
    entryNames: '[name]-[hash]',
    logLevel: 'silent',
  });
  const of = (extension: string, contentType: string): WidgetAsset => {
    const file = result.outputFiles.find((f) => f.path.endsWith(extension));
    if (!file) throw new Error(`widget bundle: no ${extension} output`);
    return { name: basename(file.path), contentType, body: file.contents };
  };
  return { script: of('.js', 'text/javascript; charset=utf-8'), style: of('.css', 'text/css; charset=utf-8') };
}
