import { randomBytes, randomUUID } from 'node:crypto';
import type { ListenOptions } from '@onegraph/http';
import { createSimServer, ok, type SimRequest, type SimResponse, type SimServer } from '../sim-http.ts';

/**
 * A stand-in for the slice of Microsoft Graph the M365 email sync uses,
 * for demos and tests only: mailboxes with an inbox and sent items,
 * `GET /v1.0/users/{mailbox}/mailFolders/{inbox|sentitems}/messages/delta`
 * with real delta rounds (opaque `$skiptoken` pages and a `$deltatoken`
 * that returns only what changed since), and
 * `POST /v1.0/users/{mailbox}/sendMail`, which files the message in sent
 * items (and in the inbox of a recipient mailbox it holds).
 *
 * Authenticated as Microsoft Graph is: the Microsoft identity platform's
 * token endpoint, `POST /{tenant}/oauth2/v2.0/token` (client credentials
 * grant, form-encoded), is served on the same server (so one base URL is
 * both `GRAPH_API_URL` and `M365_LOGIN_URL`: Graph's paths all start with
 * `/v1.0/`, the token endpoint's with a tenant), and checks the app
 * registrations it holds (each signs in for one organisation). Its opaque
 * tokens expire after `tokenLifetimeSeconds`; Graph routes take only
 * `Authorization: Bearer` of a live token (401 `InvalidAuthenticationToken`
 * otherwise), and a mailbox belongs to one organisation: another
 * organisation's app gets 403 `ErrorAccessDenied`.
 */
export interface GraphSimulatorOptions {
  /** App registrations the token endpoint accepts (more with `registerApp`/`registerApps`). */
  apps?: SimGraphApp[];
  /** `expires_in` of the tokens it issues, in seconds. Default 3599, as Entra's. */
  tokenLifetimeSeconds?: number;
  /** Messages per delta page unless the caller prefers fewer (`Prefer: odata.maxpagesize`). Default 2. */
  pageSize?: number;
  /** The clock, in ms since the epoch (tests move it to expire tokens). Default `Date.now`. */
  now?: () => number;
}

/** A Microsoft Entra app registration of an organisation, as `M365_APP_CREDENTIALS` names it. */
export interface SimGraphApp {
  org: string;
  /** A GUID, or a domain of the tenant. */
  tenantId: string;
  /** A GUID. */
  clientId: string;
  clientSecret: string;
}

/** A token request the simulator answered: the app and what came of it. */
export interface SimTokenRequest {
  tenant: string;
  clientId: string;
  /** The app's organisation when it was recognised. */
  org: string | undefined;
  outcome: 'issued' | 'invalid_client' | 'unauthorized_client' | 'invalid_request' | 'invalid_scope' | 'unsupported_grant_type';
}

export type GraphFolder = 'inbox' | 'sentitems';

export interface SimEmailAddress {
  address: string;
  name?: string;
}

/** A message to deliver: addresses as strings or with names. */
export interface SimMail {
  from: string | SimEmailAddress;
  to: (string | SimEmailAddress)[];
  cc?: (string | SimEmailAddress)[];
  subject: string;
  body?: string;
  /** Default now. */
  receivedAt?: string;
  /** Default a new one. */
  internetMessageId?: string;
}

interface GraphRecipient {
  emailAddress: { address: string; name: string };
}

export interface SimGraphMessage {
  id: string;
  internetMessageId: string;
  subject: string;
  bodyPreview: string;
  body: { contentType: 'text'; content: string };
  from: GraphRecipient;
  toRecipients: GraphRecipient[];
  ccRecipients: GraphRecipient[];
  receivedDateTime: string;
  sentDateTime: string;
}

interface Stored {
  seq: number;
  message: SimGraphMessage;
}

interface SimMailbox {
  org: string;
  address: string;
  folders: Record<GraphFolder, Stored[]>;
}

export interface GraphSimulator extends AsyncDisposable {
  listen(options?: ListenOptions): Promise<string>;
  close(): Promise<void>;
  /** false: Graph and its token endpoint answer 503, as during an outage. */
  setAvailable(available: boolean): void;
  /** Accepts an app registration at the token endpoint (replacing one with the same tenant and client id). */
  registerApp(app: SimGraphApp): void;
  /**
   * Registers a demo app (new tenant and client GUIDs, a random secret) for
   * each organisation; returns them by organisation, as
   * `M365_APP_CREDENTIALS` would name them.
   */
  registerApps(orgs: readonly string[]): Record<string, Omit<SimGraphApp, 'org'>>;
  /** The app's secret is now this one, as after a rotation in Entra: the old one is refused (`invalid_client`). */
  setAppSecret(clientId: string, clientSecret: string): void;
  /** `expires_in` of the tokens issued from now on, in seconds. */
  setTokenLifetime(seconds: number): void;
  /** Revokes every live token (of one organisation's apps, or all): Graph answers 401 to them. */
  revokeTokens(org?: string): void;
  /** Every token request answered, oldest first. */
  readonly tokenRequests: readonly SimTokenRequest[];
  /** Creates a mailbox of an organisation (idempotent). */
  addMailbox(org: string, address: string): void;
  /** Puts a message in a mailbox's inbox, as if it had arrived (or in its sent items, as if sent from Outlook); returns it as Graph shows it. */
  deliver(mailbox: string, mail: SimMail, folder?: GraphFolder): SimGraphMessage;
  /**
   * Puts a non-delivery report in a mailbox's inbox, as Exchange Online
   * writes one when mail the mailbox sent to `failedRecipient` bounced:
   * from `MicrosoftExchange<guid>@…` ("Microsoft Outlook"), subject
   * `Undeliverable: <original subject>`, the failed address in the body.
   */
  deliverNonDeliveryReport(mailbox: string, report: { failedRecipient: string; originalSubject: string; receivedAt?: string }): SimGraphMessage;
  /** Forgets every sync state, as Graph does with old ones: every token issued so far gets 410 Gone. */
  expireSyncStates(): void;
  /** What a folder holds, oldest first. */
  messages(mailbox: string, folder: GraphFolder): SimGraphMessage[];
  /** Every delta request received, oldest first, with the kind of token it carried. */
  readonly deltaRequests: readonly { mailbox: string; folder: GraphFolder; token: 'none' | 'skip' | 'delta' }[];
  readonly calls: SimServer['calls'];
}

const recipient = (a: string | SimEmailAddress): GraphRecipient => {
  const { address, name } = typeof a === 'string' ? { address: a, name: undefined } : a;
  return { emailAddress: { address, name: name ?? address } };
};

interface DeltaState {
  /** The simulator's sync-state epoch the token was issued in. */
  e?: number;
  m: string;
  f: GraphFolder;
  /** Changes after this sequence number… */
  s: number;
  /** …up to this one (the round's snapshot). */
  u?: number;
  /** Offset in the round (skip tokens). */
  o?: number;
}
const encodeToken = (state: DeltaState) => Buffer.from(JSON.stringify(state)).toString('base64url');
function decodeToken(token: string): DeltaState | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
    return typeof value.m === 'string' && typeof value.s === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Graph's error body, `{ error: { code, message } }`. */
const graphError = (status: number, code: string, message: string): SimResponse => ({ status, body: { error: { code, message } } });
/** The identity platform's error body (RFC 6749 §5.2). */
const tokenError = (status: number, error: SimTokenRequest['outcome'], description: string): SimResponse => ({
  status,
  body: { error, error_description: `${description}\r\nTrace ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`, error_codes: [] },
});
const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export function createGraphSimulator(options: GraphSimulatorOptions = {}): GraphSimulator {
  const pageSize = options.pageSize ?? 2;
  const now = options.now ?? Date.now;
  let tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3599;
  const apps = new Map<string, SimGraphApp>();
  const appKey = (tenant: string, clientId: string) => `${tenant.toLowerCase()}\u0000${clientId.toLowerCase()}`;
  const tokens = new Map<string, { org: string; expiresAt: number }>();
  const tokenRequests: SimTokenRequest[] = [];
  for (const app of options.apps ?? []) apps.set(appKey(app.tenantId, app.clientId), app);
  const mailboxes = new Map<string, SimMailbox>();
  const deltaRequests: { mailbox: string; folder: GraphFolder; token: 'none' | 'skip' | 'delta' }[] = [];
  let seq = 0;
  let epoch = 0;
  let baseUrl = '';

  const file = (mailbox: SimMailbox, folder: GraphFolder, message: Omit<SimGraphMessage, 'id'>): SimGraphMessage => {
    const stored = { ...message, id: `AAMk${randomUUID().replace(/-/g, '')}` };
    mailbox.folders[folder].push({ seq: ++seq, message: stored });
    return stored;
  };
  const mailboxOf = (request: SimRequest, address: string): SimMailbox | SimResponse => {
    const mailbox = mailboxes.get(address.toLowerCase());
    if (!mailbox) return graphError(404, 'ErrorInvalidUser', `The requested user '${address}' is invalid.`);
    // the app of one organisation is never given another's mailbox
    if (mailbox.org !== request.org) return graphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    return mailbox;
  };

  function issueToken(request: SimRequest): SimResponse {
    const form = request.body ?? {};
    const field = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
    const tenant = request.params[0] ?? '';
    const clientId = field('client_id');
    const answer = (outcome: SimTokenRequest['outcome'], org: string | undefined, response: SimResponse) => {
      tokenRequests.push({ tenant, clientId, org, outcome });
      return response;
    };
    if (field('grant_type') !== 'client_credentials')
      return answer(
        'unsupported_grant_type',
        undefined,
        tokenError(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.'),
      );
    if (field('scope') !== GRAPH_DEFAULT_SCOPE)
      return answer(
        'invalid_scope',
        undefined,
        tokenError(400, 'invalid_scope', `AADSTS1002012: The provided value for scope ${field('scope')} is not valid.`),
      );
    if (![...apps.values()].some((a) => a.tenantId.toLowerCase() === tenant.toLowerCase())) {
      return answer('invalid_request', undefined, tokenError(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`));
    }
    const app = apps.get(appKey(tenant, clientId));
    if (!app)
      return answer(
        'unauthorized_client',
        undefined,
        tokenError(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenant}'.`),
      );
    if (field('client_secret') !== app.clientSecret)
      return answer('invalid_client', app.org, tokenError(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.'));
    const token = `sim.${randomBytes(24).toString('base64url')}`;
    tokens.set(token, { org: app.org, expiresAt: now() + tokenLifetimeSeconds * 1000 });
    return answer('issued', app.org, ok({ token_type: 'Bearer', expires_in: tokenLifetimeSeconds, ext_expires_in: tokenLifetimeSeconds, access_token: token }));
  }

  /** Graph's check of the bearer token: the organisation of the app it was issued to. */
  function authenticate({ headers }: { headers: SimRequest['headers'] }): string | SimResponse {
    const header = headers['authorization'];
    const token = typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : '';
    if (!token) return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const issued = tokens.get(token);
    if (!issued) return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid or revoked token.');
    if (now() >= issued.expiresAt) {
      tokens.delete(token);
      return graphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
    }
    return issued.org;
  }

  function delta(request: SimRequest): SimResponse {
    const [address = '', folder] = request.params as [string, GraphFolder];
    const mailbox = mailboxOf(request, address);
    if (!('folders' in mailbox)) return mailbox;
    const skip = request.url.searchParams.get('$skiptoken');
    const deltaToken = request.url.searchParams.get('$deltatoken');
    const token = skip ?? deltaToken;
    const state = token ? decodeToken(token) : { e: epoch, m: mailbox.address, f: folder, s: 0 };
    if (!state || state.e !== epoch || state.m !== mailbox.address || state.f !== folder)
      return graphError(410, 'SyncStateNotFound', 'the delta or skip token is not valid for this folder: sync again from scratch');
    deltaRequests.push({ mailbox: mailbox.address, folder, token: skip ? 'skip' : deltaToken ? 'delta' : 'none' });
    const upTo = state.u ?? seq;
    const changed = mailbox.folders[folder].filter((m) => m.seq > state.s && m.seq <= upTo);
    const preferred = /odata\.maxpagesize=(\d+)/.exec(String(request.headers['prefer'] ?? ''))?.[1];
    const size = Math.max(1, Math.min(pageSize, preferred ? Number(preferred) : pageSize));
    const offset = state.o ?? 0;
    const page = changed.slice(offset, offset + size).map((m) => m.message);
    const link = `${baseUrl}/v1.0/users/${encodeURIComponent(mailbox.address)}/mailFolders/${folder}/messages/delta`;
    return ok(
      offset + size < changed.length
        ? { value: page, '@odata.nextLink': `${link}?$skiptoken=${encodeToken({ ...state, u: upTo, o: offset + size })}` }
        : { value: page, '@odata.deltaLink': `${link}?$deltatoken=${encodeToken({ e: epoch, m: mailbox.address, f: folder, s: upTo })}` },
    );
  }

  function sendMail(request: SimRequest): SimResponse {
    const mailbox = mailboxOf(request, request.params[0] ?? '');
    if (!('folders' in mailbox)) return mailbox;
    const message = request.body?.['message'] as Record<string, unknown> | undefined;
    const to = message?.['toRecipients'];
    const subject = message?.['subject'];
    const body = message?.['body'] as { content?: unknown } | undefined;
    const toList = Array.isArray(to) ? (to as GraphRecipient[]).filter((r) => typeof r?.emailAddress?.address === 'string') : [];
    if (typeof subject !== 'string' || toList.length === 0)
      return graphError(400, 'ErrorInvalidRecipients', 'message.subject and message.toRecipients are required');
    const now = new Date().toISOString();
    const content = typeof body?.content === 'string' ? body.content : '';
    const imid = typeof message?.['internetMessageId'] === 'string' ? message['internetMessageId'] : `<${randomUUID()}@graph.sim>`;
    const sent: Omit<SimGraphMessage, 'id'> = {
      internetMessageId: imid,
      subject,
      bodyPreview: content.slice(0, 255),
      body: { contentType: 'text', content },
      from: recipient(mailbox.address),
      toRecipients: toList.map((r) => recipient({ address: r.emailAddress.address, name: r.emailAddress.name })),
      ccRecipients: [],
      receivedDateTime: now,
      sentDateTime: now,
    };
    if (request.body?.['saveToSentItems'] !== false) file(mailbox, 'sentitems', sent);
    for (const r of toList) {
      const target = mailboxes.get(r.emailAddress.address.toLowerCase());
      if (target) file(target, 'inbox', sent);
    }
    return { status: 202 };
  }

  const server = createSimServer({
    name: 'Microsoft Graph',
    authenticate,
    routes: [
      { method: 'POST', path: /^\/([^/]+)\/oauth2\/v2\.0\/token$/, public: true, handler: issueToken },
      { method: 'GET', path: /^\/v1\.0\/users\/([^/]+)\/mailFolders\/(inbox|sentitems)\/messages\/delta$/, handler: delta },
      { method: 'POST', path: /^\/v1\.0\/users\/([^/]+)\/sendMail$/, handler: sendMail },
    ],
  });

  const requireMailbox = (address: string) => {
    const mailbox = mailboxes.get(address.toLowerCase());
    if (!mailbox) throw new Error(`Graph simulator: no mailbox ${address} (addMailbox first)`);
    return mailbox;
  };
  const deliver = (address: string, mail: SimMail, folder: GraphFolder = 'inbox'): SimGraphMessage => {
    const at = mail.receivedAt ?? new Date().toISOString();
    const body = mail.body ?? '';
    return file(requireMailbox(address), folder, {
      internetMessageId: mail.internetMessageId ?? `<${randomUUID()}@mail.sim>`,
      subject: mail.subject,
      bodyPreview: body.slice(0, 255),
      body: { contentType: 'text', content: body },
      from: recipient(mail.from),
      toRecipients: mail.to.map(recipient),
      ccRecipients: (mail.cc ?? []).map(recipient),
      receivedDateTime: at,
      sentDateTime: at,
    });
  };

  return {
    async listen(listenOptions) {
      baseUrl = await server.listen(listenOptions);
      return baseUrl;
    },
    close: () => server.close(),
    [Symbol.asyncDispose]: () => server.close(),
    setAvailable: (available) => server.setAvailable(available),
    registerApp(app) {
      apps.set(appKey(app.tenantId, app.clientId), app);
    },
    registerApps(orgs) {
      const registered: Record<string, Omit<SimGraphApp, 'org'>> = {};
      for (const org of orgs) {
        const app = { org, tenantId: randomUUID(), clientId: randomUUID(), clientSecret: `sim~${randomBytes(18).toString('base64url')}` };
        apps.set(appKey(app.tenantId, app.clientId), app);
        registered[org] = { tenantId: app.tenantId, clientId: app.clientId, clientSecret: app.clientSecret };
      }
      return registered;
    },
    setAppSecret(clientId, clientSecret) {
      for (const app of apps.values()) if (app.clientId.toLowerCase() === clientId.toLowerCase()) app.clientSecret = clientSecret;
    },
    setTokenLifetime(seconds) {
      tokenLifetimeSeconds = seconds;
    },
    revokeTokens(org) {
      for (const [token, issued] of tokens) if (org === undefined || issued.org === org) tokens.delete(token);
    },
    tokenRequests,
    addMailbox(org, address) {
      const key = address.toLowerCase();
      if (!mailboxes.has(key)) mailboxes.set(key, { org, address: key, folders: { inbox: [], sentitems: [] } });
    },
    deliver,
    deliverNonDeliveryReport(address, report) {
      const domain = address.slice(address.lastIndexOf('@') + 1);
      const failedDomain = report.failedRecipient.slice(report.failedRecipient.lastIndexOf('@') + 1);
      return deliver(address, {
        from: { address: `MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@${domain}`, name: 'Microsoft Outlook' },
        to: [address],
        subject: `Undeliverable: ${report.originalSubject}`,
        body: [
          `Your message to ${report.failedRecipient} couldn't be delivered.`,
          `${report.failedRecipient.slice(0, report.failedRecipient.indexOf('@'))} wasn't found at ${failedDomain}.`,
          'Remote server returned 550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',
        ].join('\n'),
        ...(report.receivedAt ? { receivedAt: report.receivedAt } : {}),
      });
    },
    expireSyncStates() {
      epoch++;
    },
    messages: (address, folder) => requireMailbox(address).folders[folder].map((m) => m.message),
    deltaRequests,
    calls: server.calls,
  };
}
