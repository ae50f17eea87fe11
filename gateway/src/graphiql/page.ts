import type { IdeBundle } from './bundle.ts';

/** What the page tells the IDE (read from a `<meta>` tag: the page has no inline script). */
export interface IdeSettings {
  /** Where the IDE's assets and endpoints are, relative to `/graphql`. */
  base: string;
  /** Development sign-in: the organisations and roles offered; absent in production, where a token is pasted. */
  devSignIn?: { orgs: readonly string[]; roles: readonly string[] } | undefined;
}

/**
 * The IDE page's Content-Security-Policy: its own bundled script only (no
 * inline or remote code, no eval), network access to this origin only
 * (`/graphql` over HTTP and graphql-ws), no framing. Styles and fonts may
 * come from `data:` URLs and inline styles, which GraphiQL's editor and
 * dialogs inject at run time.
 */
export function ideContentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function idePage(bundle: IdeBundle, settings: IdeSettings): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="onegraph-ide" content="${escapeAttribute(JSON.stringify(settings))}">
<title>One Graph · GraphiQL</title>
<link rel="stylesheet" href="${settings.base}assets/${bundle.style.name}">
<script type="module" src="${settings.base}assets/${bundle.script.name}"></script>
</head>
<body>
<div id="ide"><p>Loading GraphiQL…</p></div>
<noscript>GraphiQL needs JavaScript.</noscript>
</body>
</html>
`;
}
