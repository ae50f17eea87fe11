import type { GraphMessage } from './graph-client.ts';

/** Who sends non-delivery reports: Exchange Online (`MicrosoftExchange<guid>@…`), and the usual postmaster names of other servers. */
const REPORT_SENDER = /^(microsoftexchange[0-9a-f]{32}|postmaster|mailer-daemon)@/i;
/** How their subjects start (Exchange: "Undeliverable:"). */
const REPORT_SUBJECT = /^\s*(undeliverable|undelivered mail|delivery status notification \(failure\)|mail delivery failed|delivery has failed)\b/i;
const ADDRESS = /[a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;

/**
 * The recipients a non-delivery report says bounced, or undefined when the
 * message is not one: sent by Exchange's (or a postmaster's) address with
 * an "Undeliverable" subject. Graph shows a report as an ordinary message;
 * the failed addresses are those its text names, other than the report's
 * sender and the mailbox it came to.
 */
export function bouncedRecipients(message: GraphMessage, mailbox: string): string[] | undefined {
  const from = message.from?.emailAddress?.address?.trim().toLowerCase();
  if (!from || !REPORT_SENDER.test(from) || !REPORT_SUBJECT.test(message.subject ?? '')) return undefined;
  const text = `${message.body?.content ?? ''}\n${message.bodyPreview ?? ''}`;
  const named = (text.match(ADDRESS) ?? []).map((a) => a.toLowerCase());
  return [...new Set(named)].filter((a) => a !== from && a !== mailbox);
}
