import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { listCompanies } from '../store/companies.ts';
import { pageSize } from '../store/cursor.ts';
import { toConnection } from './connection.ts';

export const Query: QueryResolvers = {
  company: (_, { id }, { loaders }) => loaders.company.load(id),
  async companies(_, { first, after }, { db, org }) {
    const size = pageSize(first);
    const rows = await listCompanies(db, org, size, after);
    return toConnection(rows, size, (r) => r.name);
  },
  contact: (_, { id }, { loaders }) => loaders.contact.load(id),
  deal: (_, { id }, { loaders }) => loaders.deal.load(id),
  activity: (_, { id }, { loaders }) => loaders.activity.load(id),
};
