import { badInput } from '@onegraph/errors';
import type { ContactResolvers, Resolvers } from '../../generated/resolvers-types.ts';
import { requireCompany } from '../companies/loaders.ts';
import { sortOf, sortedConnection, toConnection } from '../../core/connection.ts';
import { pageSize } from '@onegraph/db';
import { normalizePhone } from '../../core/phone.ts';
import { mutate } from '../../core/unit-of-work.ts';
import { createContact, deleteContact, updateContact } from './commands.ts';
import { contactByPhone, listContacts } from './store.ts';
import { timelineCursor, timelineShape } from '../timeline/page.ts';

export const Contact: ContactResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.contact.load(id),
  firstName: (c) => c.first_name,
  lastName: (c) => c.last_name,
  name: (c) => `${c.first_name} ${c.last_name}`.trim(),
  emails: (c) => c.emails ?? (c.email ? [c.email] : []),
  phones: (c) => c.phones ?? [],
  isPrimary: (c) => c.is_primary,
  company: (c, _, { loaders }) => requireCompany(loaders, c.company_id),
  async activities(c, args, { loaders }) {
    const { size, shape } = timelineShape('contact', args);
    return toConnection(await loaders.timeline.load({ ...shape, ownerId: c.id }), size, timelineCursor);
  },
  version: (c) => c.version,
  createdAt: (c) => c.created_at,
  updatedAt: (c) => c.updated_at,
};

export const contactResolvers: Resolvers = {
  Query: {
    contact: (_, { id }, { loaders }) => loaders.contact.load(id),
    async contacts(_, { first, after, filter, orderBy }, { db, org }) {
      const size = pageSize(first);
      return sortedConnection(await listContacts(db, org, { first: size, after, filter, sort: sortOf(orderBy) }), size);
    },
    async contactByPhone(_, { phone, region }, { db, org }) {
      const normalised = normalizePhone(phone, region?.toUpperCase());
      if (!normalised.ok) throw badInput(`phone: ${normalised.message}`, { argument: 'phone', issues: [{ path: 'phone', message: normalised.message }] });
      return contactByPhone(db, org, normalised.e164);
    },
  },
  Mutation: {
    createContact: (_, { input }, ctx) => mutate(ctx, (u) => createContact(u, input)),
    updateContact: (_, { id, expectedVersion, input }, ctx) => mutate(ctx, (u) => updateContact(u, id, expectedVersion, input)),
    deleteContact: (_, { id, expectedVersion }, ctx) => mutate(ctx, (u) => deleteContact(u, id, expectedVersion)),
  },
  Contact,
};
