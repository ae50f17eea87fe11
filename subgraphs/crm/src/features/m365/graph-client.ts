import { productClientAt, type OneStackEndpoints, ProductCallError } from '@onegraph/onestack-clients';
import type { GraphTokenSource } from './graph-tokens.ts';

/** The mail folders the sync reads. */
export type MailFolder = 'inbox' | 'sentitems';
export const mailFolders: readonly MailFolder[] = ['inbox', 'sentitems'];

export interface GraphAddress {
  emailAddress?: { address?: string | null; name?: string | null } | null;
}

/** The fields of a Graph message the sync reads. */
export interface GraphMessage {
  id: string;
  internetMessageId?: string | null;
  subject?: string | null;
  bodyPreview?: string | null;
  body?: { contentType?: string; content?: string } | null;
  from?: GraphAddress | null;
  toRecipients?: GraphAddress[] | null;
  ccRecipients?: GraphAddress[] | null;
  receivedDateTime?: string | null;
  sentDateTime?: string | null;
  '@removed'?: unknown;
}

/** One page of a delta round: its messages and where the round goes on (`nextLink`) or ends (`deltaLink`). */
export interface DeltaPage {
  messages: GraphMessage[];
  next: { link: string; complete: boolean };
}

export interface OutgoingMail {
  subject: string;
  body: string;
  to: { address: string; name: string };
  /** Set by us so the copy the sent-items delta returns is recognised. */
  internetMessageId: string;
}

/**
 * The slice of Microsoft Graph the M365 sync uses, on `createProductClient`
 * (timeouts, retries, idempotency keys), authenticated as Graph is: a
 * bearer token of the organisation's own app registration, from the token
 * source (renewed once when Graph answers 401), and no integration key.
 */
export interface GraphClient {
  /** Whether the organisation has an app registration to call Graph with. */
  connected(org: string): boolean;
  /** The first page of a folder's delta round: from `link` (a stored next or delta link), or from scratch. */
  deltaPage(org: string, mailbox: string, folder: MailFolder, link: string | null): Promise<DeltaPage>;
  sendMail(org: string, mailbox: string, mail: OutgoingMail, idempotencyKey: string): Promise<void>;
}

export interface GraphClientOptions {
  /** Graph's base URL without the version (`https://graph.microsoft.com`). */
  baseUrl: string;
  /** Timeouts and attempts (its integration keys are not used: Graph takes tokens). */
  endpoints: OneStackEndpoints;
  /** The organisations' bearer tokens. */
  tokens: GraphTokenSource;
}

interface DeltaResponse {
  value?: GraphMessage[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const { endpoints, tokens } = options;
  const client = productClientAt(endpoints, 'm365', base, tokens);
  const user = (mailbox: string) => `/v1.0/users/${encodeURIComponent(mailbox)}`;
  // Graph's links are absolute; the client takes paths below its base
  const pathOf = (link: string) => {
    if (!link.startsWith(`${base}/`)) throw new ProductCallError('m365', `Graph returned a link outside ${base}: ${link.slice(0, 200)}`, { retryable: false });
    return link.slice(base.length);
  };

  return {
    connected: (org) => tokens.has(org),
    async deltaPage(org, mailbox, folder, link) {
      const path = link ? pathOf(link) : `${user(mailbox)}/mailFolders/${folder}/messages/delta`;
      const page = await client.request<DeltaResponse>(org, { path });
      const nextLink = page['@odata.nextLink'];
      const deltaLink = page['@odata.deltaLink'];
      if (!nextLink && !deltaLink)
        throw new ProductCallError('m365', 'Graph delta page has neither @odata.nextLink nor @odata.deltaLink', { retryable: false });
      return { messages: page.value ?? [], next: nextLink ? { link: nextLink, complete: false } : { link: deltaLink!, complete: true } };
    },
    async sendMail(org, mailbox, mail, idempotencyKey) {
      await client.request(org, {
        method: 'POST',
        path: `${user(mailbox)}/sendMail`,
        idempotencyKey,
        body: {
          message: {
            subject: mail.subject,
            body: { contentType: 'Text', content: mail.body },
            toRecipients: [{ emailAddress: { address: mail.to.address, name: mail.to.name } }],
            internetMessageId: mail.internetMessageId,
          },
          saveToSentItems: true,
        },
      });
    },
  };
}
