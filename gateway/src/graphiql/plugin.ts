import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@onegraph/errors';
import { readBody, sendError } from '@onegraph/http';
import type { Logger } from '@onegraph/log';
import type { GatewayPlugin } from '../plugin.ts';
import { buildIde } from './bundle.ts';
import { BROWSER_APP_HEADERS, lazyBrowserBundle, sendBrowserAsset } from '../browser-bundle.ts';
import { ideContentSecurityPolicy, idePage, type IdeSettings } from './page.ts';

/** Development sign-in: the IDE offers these organisations and roles and asks the gateway for a token. */
export interface DevSignIn {
  orgs: readonly string[];
  roles: readonly string[];
  /** Issues a token for an organisation and role (the development key pair's, as `npm run token` does). */
  issue(org: string, role: string): Promise<string>;
}

export interface GraphiqlOptions {
  /**
   * Development sign-in (an organisation and a role fill the token). Never
   * in production: there the IDE takes a pasted token. Default none.
   */
  devSignIn?: DevSignIn | undefined;
}

/** The IDE's assets and its sign-in endpoint, below `/graphiql/`. */
const PREFIX = '/graphiql/';

/**
 * GraphiQL at the endpoint: `GET /graphql` from a browser (`Accept:
 * text/html`) gets the IDE, bundled locally (`bundle.ts`) and served under a
 * strict CSP; queries and mutations go over HTTP and subscriptions over
 * graphql-ws, with the token of the sign-in bar. The schema docs and the
 * explorer show the SDL's descriptions (introspection must be on).
 */
export function graphiqlPlugin(options: GraphiqlOptions = {}): GatewayPlugin {
  let log: Logger | undefined;
  const settings: IdeSettings = {
    // relative to /graphql: a path prefix in front of the gateway keeps working
    base: 'graphiql/',
    ...(options.devSignIn ? { devSignIn: { orgs: options.devSignIn.orgs, roles: options.devSignIn.roles } } : {}),
  };
  const common = BROWSER_APP_HEADERS;

  const withBundle = lazyBrowserBundle('GraphiQL', buildIde, () => log);

  const page = async (_req: IncomingMessage, res: ServerResponse) => {
    const built = await withBundle(res);
    if (!built) return;
    res.writeHead(200, {
      ...common,
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': ideContentSecurityPolicy(),
      'cache-control': 'no-cache',
      'cross-origin-opener-policy': 'same-origin',
      vary: 'accept',
    });
    res.end(idePage(built, settings));
  };

  /** `POST /graphiql/dev-token` `{ org, role }` → `{ token }`, for the organisations and roles offered. */
  const devToken = async (req: IncomingMessage, res: ServerResponse, signIn: DevSignIn) => {
    if (req.method !== 'POST') return sendError(res, ErrorCode.BAD_USER_INPUT, 'Sign in with POST', { allow: 'POST' });
    const text = await readBody(req, 4096);
    let body: { org?: unknown; role?: unknown } = {};
    try {
      body = JSON.parse(text ?? '') as typeof body;
    } catch {
      return sendError(res, ErrorCode.BAD_USER_INPUT, 'Expected a JSON body { org, role }');
    }
    const { org, role } = body;
    if (typeof org !== 'string' || !signIn.orgs.includes(org) || typeof role !== 'string' || !signIn.roles.includes(role)) {
      return sendError(res, ErrorCode.BAD_USER_INPUT, `Expected org in ${signIn.orgs.join(', ')} and role in ${signIn.roles.join(', ')}`);
    }
    const token = await signIn.issue(org, role);
    res.writeHead(200, { ...common, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ token }));
  };

  const assets = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === `${PREFIX}dev-token` && options.devSignIn) return devToken(req, res, options.devSignIn);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, ErrorCode.NOT_FOUND, 'Not found');
    const built = await withBundle(res);
    if (!built) return;
    if (!sendBrowserAsset(req, res, built, PREFIX, path)) sendError(res, ErrorCode.NOT_FOUND, 'Not found');
  };

  return {
    name: 'graphiql',
    setup(context) {
      log = context.log;
    },
    page,
    routes: [{ name: 'graphiql', path: PREFIX, handle: assets }],
  };
}
