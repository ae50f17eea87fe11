import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { build } from 'esbuild';
import { ErrorCode } from '@onegraph/errors';
import { sendError } from '@onegraph/http';
import type { Logger } from '@onegraph/log';

/** One built asset of a browser app, served under a content-hashed name. */
export interface BrowserAsset {
  /** `<name>-<hash>.js`, `<name>-<hash>.css`. */
  name: string;
  contentType: string;
  body: Uint8Array;
}

export interface BrowserBundle {
  script: BrowserAsset;
  style: BrowserAsset;
}

/**
 * Bundles a browser app of the gateway (the PSA widget, the GraphiQL IDE)
 * from its TypeScript and CSS entry, in memory with esbuild: nothing
 * generated is written or committed, no CDN is involved, the page needs no
 * inline script, and the source in the repository is what runs. The routes
 * build once, on the first request for their page.
 */
export async function buildBrowserApp(name: string, entry: string): Promise<BrowserBundle> {
  const result = await build({
    entryPoints: { [name]: entry },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome109', 'firefox115', 'safari16', 'edge109'],
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    // React (in the IDE) picks its production build from this
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    outdir: `/${name}-out`,
    entryNames: '[name]-[hash]',
    logLevel: 'silent',
  });
  const of = (extension: string, contentType: string): BrowserAsset => {
    const file = result.outputFiles.find((f) => f.path.endsWith(extension));
    if (!file) throw new Error(`${name} bundle: no ${extension} output`);
    return { name: basename(file.path), contentType, body: file.contents };
  };
  return { script: of('.js', 'text/javascript; charset=utf-8'), style: of('.css', 'text/css; charset=utf-8') };
}

/** The headers every page and asset of a browser app is served with. */
export const BROWSER_APP_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } as const;

/**
 * Serves the bundle's asset at `path` (`<prefix>assets/<hashed name>`),
 * cached for good (its name changes with its content); false when the
 * path names none of its assets.
 */
export function sendBrowserAsset(req: IncomingMessage, res: ServerResponse, bundle: BrowserBundle, prefix: string, path: string): boolean {
  const asset = [bundle.script, bundle.style].find((a) => path === `${prefix}assets/${a.name}`);
  if (!asset) return false;
  res.writeHead(200, {
    ...BROWSER_APP_HEADERS,
    'content-type': asset.contentType,
    'cache-control': 'public, max-age=31536000, immutable',
    'cross-origin-resource-policy': 'same-origin',
  });
  res.end(req.method === 'HEAD' ? undefined : asset.body);
  return true;
}

/**
 * A browser app bundled once, on the first request that needs it, and kept
 * for the life of the gateway. `get(res)` resolves with the bundle, or, when
 * bundling failed, logs why, answers the request 503 SERVICE_UNAVAILABLE and
 * resolves with undefined (the next request tries again: a failure is not
 * kept).
 */
export function lazyBrowserBundle(
  what: string,
  build: () => Promise<BrowserBundle>,
  log: () => Pick<Logger, 'error'> | undefined,
): (res: ServerResponse) => Promise<BrowserBundle | undefined> {
  let bundle: Promise<BrowserBundle> | undefined;
  return async (res) => {
    bundle ??= build().catch((error: unknown) => {
      bundle = undefined;
      throw error;
    });
    try {
      return await bundle;
    } catch (error) {
      log()?.error(`gateway: ${what} could not be bundled`, { error: (error as Error).message });
      sendError(res, ErrorCode.SERVICE_UNAVAILABLE, `${what} is unavailable: it could not be bundled (the gateway logged why)`);
      return undefined;
    }
  };
}
