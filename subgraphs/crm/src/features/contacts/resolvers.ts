import type { ContactResolvers } from '../../generated/resolvers-types.ts';
import { requireCompany } from '../../loaders.ts';
import { timelineCursor, timelineShape, toConnection } from '../../core/connection.ts';

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
