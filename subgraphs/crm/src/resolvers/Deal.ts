import type { DealResolvers, DealStatus } from '../generated/resolvers-types.ts';
import { requireCompany } from '../loaders.ts';

export const Deal: DealResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.deal.load(id),
  value: (d) => Number(d.value),
  status: (d) => d.status as DealStatus,
  company: (d, _, { loaders }) => requireCompany(loaders, d.company_id),
};
