import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@onegraph/errors';
import { sendError } from '@onegraph/http';
import type { Logger } from '@onegraph/log';
import { buildWidget, type WidgetBundle } from './bundle.ts';
import { BROWSER_APP_HEADERS, lazyBrowserBundle, sendBrowserAsset } from '../../browser-bundle.ts';

export interface WidgetOptions {
  /**
   * Who may frame the widget (CSP `frame-ancestors` sources), e.g.
   * `['https://psa.example.com']` for PSA's sidebar. Default `["'self'"]`.
   */
  frameAncestors?: readonly string[];
}

/** Paths the widget route answers (everything under it). */
export const WIDGET_PREFIX = '/widget/';

/**
 * The page's Content-Security-Policy: its own script and style only (no
 * inline code), network access to this origin only (`/graphql` over HTTP and
 * graphql-ws), and Trusted Types required for script sinks, so data can
 * never reach an HTML parser through `innerHTML` and the like.
 */
function contentSecurityPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

function page(bundle: WidgetBundle): string {
  // asset paths relative to /widget/pipeline, so a path prefix in front of the gateway keeps working
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Pipeline</title>
<link rel="stylesheet" href="assets/${bundle.style.name}">
<script type="module" src="assets/${bundle.script.name}"></script>
</head>
<body>
<main id="app"><p>Loading…</p></main>
<noscript>The pipeline widget needs JavaScript.</noscript>
</body>
</html>
`;
}

const SOURCE = /^(?:'self'|'none'|\*|https?:\/\/[a-z0-9.*-]+(?::\d+)?|https?:)$/i;

/**
 * Serves the PSA sidebar widget: `GET /widget/pipeline?companyId=…` (the
 * page) and its content-hashed assets under `/widget/assets/`. The page is
 * bundled on the first request (see `buildWidget`) and kept for the life of
 * the gateway. It holds no credential: the user's token arrives in the URL
 * fragment, which browsers never send to a server.
 */
export function widgetRoute(options: WidgetOptions, log: Logger): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const frameAncestors = options.frameAncestors ?? ["'self'"];
  const invalid = frameAncestors.filter((source) => !SOURCE.test(source));
  if (invalid.length > 0 || frameAncestors.length === 0) {
    throw new Error(`widget.frameAncestors: expected CSP sources such as 'self' or https://psa.example.com, received ${JSON.stringify(frameAncestors)}`);
  }
  const csp = contentSecurityPolicy(frameAncestors);
  const bundled = lazyBrowserBundle('the widget', buildWidget, () => log);

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json; charset=utf-8' });
      return void res.end(JSON.stringify({ errors: [{ message: 'The widget is read with GET', extensions: { code: ErrorCode.BAD_USER_INPUT } }] }));
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const built = await bundled(res);
    if (!built) return;
    const common = BROWSER_APP_HEADERS;
    if (path === `${WIDGET_PREFIX}pipeline`) {
      const html = page(built);
      res.writeHead(200, {
        ...common,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': csp,
        'cache-control': 'no-cache',
        'cross-origin-opener-policy': 'same-origin',
      });
      return void res.end(req.method === 'HEAD' ? undefined : html);
    }
    if (!sendBrowserAsset(req, res, built, WIDGET_PREFIX, path)) sendError(res, ErrorCode.NOT_FOUND, 'Not found');
  };
}
