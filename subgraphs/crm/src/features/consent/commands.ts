import { codedError, ErrorCode } from '@onegraph/errors';
import type { Queryable } from '@onegraph/db';
import type { ContactRow } from '../../core/rows.ts';
import { bouncedAmong } from './store.ts';

/** Why sequence and campaign email may not go to a contact. */
export type EmailBlock = 'DO_NOT_EMAIL' | 'UNSUBSCRIBED' | 'BOUNCED' | 'NO_ADDRESS';

/**
 * Whether a contact may get sequence or campaign email, and at which
 * address (their first): refused when flagged do-not-email, unsubscribed,
 * without an address, or when that address bounced.
 */
export async function emailBlockOf(
  db: Queryable,
  org: string,
  contact: ContactRow,
): Promise<{ ok: true; address: string } | { ok: false; reason: EmailBlock }> {
  if (contact.do_not_email) return { ok: false, reason: 'DO_NOT_EMAIL' };
  if (contact.unsubscribed_at) return { ok: false, reason: 'UNSUBSCRIBED' };
  const address = contact.emails[0];
  if (!address) return { ok: false, reason: 'NO_ADDRESS' };
  if ((await bouncedAmong(db, org, [address])).has(address)) return { ok: false, reason: 'BOUNCED' };
  return { ok: true, address };
}

const reasons: Record<EmailBlock, string> = {
  DO_NOT_EMAIL: 'is flagged do-not-email',
  UNSUBSCRIBED: 'unsubscribed',
  BOUNCED: 'has an address that bounced',
  NO_ADDRESS: 'has no email address',
};

/** The refusal of a single send to a contact who may not be emailed: EMAIL_NOT_PERMITTED, with the reason. */
export const emailRefused = (contact: ContactRow, reason: EmailBlock) =>
  codedError(ErrorCode.EMAIL_NOT_PERMITTED, `Contact ${contact.id} ${reasons[reason]}: no sequence or campaign email is sent to them`, {
    argument: 'input.contactId',
    reason,
  });
