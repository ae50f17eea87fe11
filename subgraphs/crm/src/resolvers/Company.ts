import type { CompanyResolvers, CompanyStatus } from '../generated/resolvers-types.ts';
import { pageSize } from '../store/cursor.ts';
import { toConnection } from './connection.ts';

export const Company: CompanyResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.company.load(id),
  status: (c) => c.status as CompanyStatus,
  contacts: (c, _, { loaders }) => loaders.contactsByCompany.load(c.id),
  deals: (c, _, { loaders }) => loaders.dealsByCompany.load(c.id),
  async activities(c, { first, after }, { loaders }) {
    const size = pageSize(first);
    const rows = await loaders.timeline.load({ companyId: c.id, limit: size + 1, after: after ?? null });
    return toConnection(rows, size, (r) => r.occurred_at.toISOString());
  },
  createdAt: (c) => c.created_at,
  updatedAt: (c) => c.updated_at,
};

