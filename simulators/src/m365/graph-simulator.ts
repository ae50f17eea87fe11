import { randomUUID } from 'node:crypto';
import type { ListenOptions } from '@onegraph/http';
import { createSimServer, fail, ok, type SimRequest, type SimResponse, type SimServer } from '../sim-http.ts';

/**
 * A stand-in for the slice of Microsoft Graph the M365 email sync uses,
 * for demos and tests only: mailboxes with an inbox and sent items,
 * `GET /v1.0/users/{mailbox}/mailFolders/{inbox|sentitems}/messages/delta`
 * with real delta rounds (opaque `$skiptoken` pages and a `$deltatoken`
 * that returns only what changed since), and
 * `POST /v1.0/users/{mailbox}/sendMail`, which files the message in sent
 * items (and in the inbox of a recipient mailbox it holds). Its credential
 * is the organisation's integration key (production Graph takes an OAuth
 * token); a mailbox belongs to one organisation and no other sees it.
 */
export interface GraphSimulatorOptions {
  /** Integration key → organisation. */
  integrationKeys: Record<string, string>;
  /** Messages per delta page unless the caller prefers fewer (`Prefer: odata.maxpagesize`). Default 2. */
  pageSize?: number;
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
  setAvailable(available: boolean): void;
  /** Creates a mailbox of an organisation (idempotent). */
  addMailbox(org: string, address: string): void;
  /** Puts a message in a mailbox's inbox, as if it had arrived (or in its sent items, as if sent from Outlook); returns it as Graph shows it. */
  deliver(mailbox: string, mail: SimMail, folder?: GraphFolder): SimGraphMessage;
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

export function createGraphSimulator(options: GraphSimulatorOptions): GraphSimulator {
  const pageSize = options.pageSize ?? 2;
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
    // another organisation's mailbox is as absent as one that does not exist
    if (!mailbox || mailbox.org !== request.org) return fail(404, 'ErrorItemNotFound', `mailbox ${address} not found`);
    return mailbox;
  };

  function delta(request: SimRequest): SimResponse {
    const [address = '', folder] = request.params as [string, GraphFolder];
    const mailbox = mailboxOf(request, address);
    if (!('folders' in mailbox)) return mailbox;
    const skip = request.url.searchParams.get('$skiptoken');
    const deltaToken = request.url.searchParams.get('$deltatoken');
    const token = skip ?? deltaToken;
    const state = token ? decodeToken(token) : { e: epoch, m: mailbox.address, f: folder, s: 0 };
    if (!state || state.e !== epoch || state.m !== mailbox.address || state.f !== folder) return fail(410, 'SyncStateNotFound', 'the delta or skip token is not valid for this folder: sync again from scratch');
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
    if (typeof subject !== 'string' || toList.length === 0) return fail(400, 'ErrorInvalidRecipients', 'message.subject and message.toRecipients are required');
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
    integrationKeys: options.integrationKeys,
    routes: [
      { method: 'GET', path: /^\/v1\.0\/users\/([^/]+)\/mailFolders\/(inbox|sentitems)\/messages\/delta$/, handler: delta },
      { method: 'POST', path: /^\/v1\.0\/users\/([^/]+)\/sendMail$/, handler: sendMail },
    ],
  });

  const requireMailbox = (address: string) => {
    const mailbox = mailboxes.get(address.toLowerCase());
    if (!mailbox) throw new Error(`Graph simulator: no mailbox ${address} (addMailbox first)`);
    return mailbox;
  };

  return {
    async listen(listenOptions) {
      baseUrl = await server.listen(listenOptions);
      return baseUrl;
    },
    close: () => server.close(),
    [Symbol.asyncDispose]: () => server.close(),
    setAvailable: (available) => server.setAvailable(available),
    addMailbox(org, address) {
      const key = address.toLowerCase();
      if (!mailboxes.has(key)) mailboxes.set(key, { org, address: key, folders: { inbox: [], sentitems: [] } });
    },
    deliver(address, mail, folder = 'inbox') {
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
    },
    expireSyncStates() {
      epoch++;
    },
    messages: (address, folder) => requireMailbox(address).folders[folder].map((m) => m.message),
    deltaRequests,
    calls: server.calls,
  };
}
