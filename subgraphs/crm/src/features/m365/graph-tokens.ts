import { ProductCallError, type ProductCredentials } from '@onegraph/onestack-clients';
import type { M365App, M365Apps } from './app-credentials.ts';

export const DEFAULT_M365_LOGIN_URL = 'https://login.microsoftonline.com';
/** What a daemon app asks for: every application permission granted to it on Graph. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface GraphTokenSourceOptions {
  /** Each organisation's app registration (`M365_APP_CREDENTIALS`). */
  apps: M365Apps;
  /** The Microsoft identity platform (`M365_LOGIN_URL`). Default `https://login.microsoftonline.com`. */
  loginUrl?: string;
  /** Per token request, in ms. Default 5000. */
  timeoutMs?: number;
  /**
   * A token is renewed this long before it expires (at most half its
   * lifetime), so a call never leaves with a token about to lapse in flight.
   * Default 120 000 (2 minutes).
   */
  renewBeforeMs?: number;
  /** The clock, in ms since the epoch (tests move it). Default `Date.now`. */
  now?: () => number;
}

/**
 * Bearer tokens for Microsoft Graph, per organisation, by the OAuth 2.0
 * client credentials grant. A token is kept until shortly before it
 * expires; concurrent callers share one request to the token endpoint; a
 * token Graph refuses (401) is dropped, so the product client's one retry
 * gets a fresh one. As `ProductCredentials` it plugs into the Graph client.
 */
export interface GraphTokenSource extends ProductCredentials {
  /** Whether the organisation has an app registration: without one, its mailboxes cannot be read or sent from. */
  has(org: string): boolean;
  /** A live access token of the organisation's app: the kept one, or a new one. Rejects with a `ProductCallError`. */
  token(org: string): Promise<string>;
  /** Drops the organisation's kept token if it is still `token` (Graph refused it). */
  forget(org: string, token: string): void;
}

interface Kept {
  token: string;
  /** When to stop using it, in ms since the epoch. */
  renewAt: number;
}

interface TokenAnswer {
  token_type?: unknown;
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/** The identity platform's error codes that mean the app registration itself was refused. */
const REFUSED_APP = new Set(['invalid_client', 'unauthorized_client']);

export function createGraphTokenSource(options: GraphTokenSourceOptions): GraphTokenSource {
  const loginUrl = (options.loginUrl ?? DEFAULT_M365_LOGIN_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;
  const renewBeforeMs = options.renewBeforeMs ?? 120_000;
  const now = options.now ?? Date.now;
  const kept = new Map<string, Kept>();
  const pending = new Map<string, Promise<Kept>>();

  const appOf = (org: string): M365App | undefined => (Object.hasOwn(options.apps, org) ? options.apps[org] : undefined);

  async function fetchToken(org: string, app: M365App): Promise<Kept> {
    const endpoint = `${loginUrl}/${encodeURIComponent(app.tenantId)}/oauth2/v2.0/token`;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, scope: GRAPH_SCOPE });
    const asked = now();
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ProductCallError('m365', `Microsoft sign-in (${loginUrl}) did not answer the token request of organisation ${org}: try again later`, {
        retryable: true,
        cause: error,
      });
    }
    const text = await response.text();
    let answer: TokenAnswer = {};
    try {
      answer = JSON.parse(text) as TokenAnswer;
    } catch {
      // an HTML error page: the status says enough
    }
    // the identity platform does not echo secrets, but a description is text from elsewhere: make sure
    const description =
      typeof answer.error_description === 'string' ? `: ${answer.error_description.split(app.clientSecret).join('***').split(/\r?\n/)[0]!.slice(0, 300)}` : '';
    const code = typeof answer.error === 'string' ? answer.error : undefined;
    if (response.status >= 500 || response.status === 429 || response.status === 408) {
      throw new ProductCallError('m365', `Microsoft sign-in is unavailable (${response.status}) for organisation ${org}: try again later`, {
        retryable: true,
        status: response.status,
      });
    }
    if (!response.ok) {
      const what =
        code && REFUSED_APP.has(code)
          ? `refused the app registration (client id ${app.clientId}, tenant ${app.tenantId}) of organisation ${org}`
          : `refused the token request of organisation ${org}`;
      throw new ProductCallError('m365', `Microsoft sign-in ${what} (${response.status} ${code ?? 'error'}${description}): check M365_APP_CREDENTIALS`, {
        retryable: false,
        status: response.status,
      });
    }
    const lifetimeMs = typeof answer.expires_in === 'number' ? answer.expires_in * 1000 : Number(answer.expires_in) * 1000;
    if (typeof answer.access_token !== 'string' || !answer.access_token || String(answer.token_type).toLowerCase() !== 'bearer' || !(lifetimeMs > 0)) {
      throw new ProductCallError('m365', `Microsoft sign-in answered organisation ${org} without a bearer token`, {
        retryable: false,
        status: response.status,
      });
    }
    // counted from when we asked, so the time the answer took cannot outlive the token
    return { token: answer.access_token, renewAt: asked + lifetimeMs - Math.min(renewBeforeMs, lifetimeMs / 2) };
  }

  function token(org: string): Promise<string> {
    const live = kept.get(org);
    if (live && now() < live.renewAt) return Promise.resolve(live.token);
    let request = pending.get(org);
    if (!request) {
      const app = appOf(org);
      if (!app) return Promise.reject(m365NotConnected(org));
      request = fetchToken(org, app).finally(() => pending.delete(org));
      pending.set(org, request);
      request.then(
        (fresh) => kept.set(org, fresh),
        () => kept.delete(org),
      );
    }
    return request.then((fresh) => fresh.token);
  }

  function forget(org: string, refused: string): void {
    if (kept.get(org)?.token === refused) kept.delete(org);
  }

  return {
    has: (org) => appOf(org) !== undefined,
    token,
    forget,
    headers: async (org) => ({ authorization: `Bearer ${await token(org)}` }),
    rejected(org, headers) {
      forget(org, (headers['authorization'] ?? '').replace(/^Bearer /, ''));
      return true;
    },
  };
}

/** An organisation without an app registration: as final as Graph not being configured at all. */
export const m365NotConnected = (org: string) =>
  new ProductCallError('m365', `Microsoft Graph is not connected for organisation ${org}: it has no app registration (M365_APP_CREDENTIALS)`, {
    retryable: false,
  });
