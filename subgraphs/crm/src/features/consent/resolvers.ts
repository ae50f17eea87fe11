import type { Resolvers } from '../../generated/resolvers-types.ts';
import { requireRow, mutate } from '../../core/unit-of-work.ts';
import type { ContactRow } from '../../core/rows.ts';
import { setConsent } from './store.ts';

/** Email consent: a contact's flags and why they may not be emailed, and setting the flags. */
export const consentResolvers: Resolvers = {
  Contact: {
    doNotEmail: (c) => c.do_not_email,
    unsubscribedAt: (c) => c.unsubscribed_at,
    // the same rule as `emailBlockOf`, with the bounce looked up through the request's loader
    async emailBlockedReason(c, _, { loaders }) {
      if (c.do_not_email) return 'DO_NOT_EMAIL';
      if (c.unsubscribed_at) return 'UNSUBSCRIBED';
      const address = c.emails[0];
      if (!address) return 'NO_ADDRESS';
      return (await loaders.bounced.load(address)) ? 'BOUNCED' : null;
    },
  },
  Mutation: {
    setContactEmailConsent: (_, { id, doNotEmail, unsubscribed }, ctx) =>
      mutate(ctx, async (unit) => {
        await requireRow<ContactRow>(unit, 'contacts', 'Contact', id, 'id');
        await setConsent(unit.tx, unit.org, id, { ...(doNotEmail != null ? { doNotEmail } : {}), ...(unsubscribed != null ? { unsubscribed } : {}) }, unit.now);
        const contact = await requireRow<ContactRow>(unit, 'contacts', 'Contact', id, 'id');
        const changed = [...(doNotEmail != null ? ['doNotEmail'] : []), ...(unsubscribed != null ? ['unsubscribed'] : [])];
        unit.emit('crm.contact.updated', `contact/${id}`, { contactId: id, companyId: contact.company_id, version: contact.version, changed });
        return contact;
      }),
  },
};
