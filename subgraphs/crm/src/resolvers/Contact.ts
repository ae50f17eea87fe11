import type { ContactResolvers } from '../generated/resolvers-types.ts';
import { requireCompany } from '../loaders.ts';

export const Contact: ContactResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.contact.load(id),
  firstName: (c) => c.first_name,
  lastName: (c) => c.last_name,
  name: (c) => `${c.first_name} ${c.last_name}`.trim(),
  isPrimary: (c) => c.is_primary,
  company: (c, _, { loaders }) => requireCompany(loaders, c.company_id),
};
