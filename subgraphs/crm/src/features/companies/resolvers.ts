import { portalScopeOf } from '@onegraph/auth';
import { badInput } from '@onegraph/errors';
import type { CompanyResolvers, CompanyStatus, CompanyStatusChangeResolvers, PsaSyncState, Resolvers } from '../../generated/resolvers-types.ts';
import { encodeCursor, decodeCursor, pageSize } from '@onegraph/db';
import { healthHistoryPage } from '../health/store.ts';
import { createCompany, updateCompany } from './commands.ts';
import { listCompanies } from './store.ts';
import { sortOf, sortedConnection, toConnection } from '../../core/connection.ts';
import { mutate } from '../../core/unit-of-work.ts';
import { timelineCursor, timelineShape } from '../timeline/page.ts';

export const Company: CompanyResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.company.load(id),
  domains: (c) => c.domains ?? (c.domain ? [c.domain] : []),
  address: (c) =>
    c.address
      ? {
          street: c.address.street ?? null,
          city: c.address.city ?? null,
          region: c.address.region ?? null,
          postalCode: c.address.postalCode ?? null,
          country: c.address.country ?? null,
        }
      : null,
  industry: (c) => c.industry,
  website: (c) => c.website,
  ownerId: (c) => c.owner_id,
  status: (c) => c.status as CompanyStatus,
  statusHistory: (c, _, { loaders }) => loaders.statusHistory.load(c.id),
  psaSyncState: (c) => c.psa_sync_state as PsaSyncState,
  psaClientId: (c) => c.psa_client_id,
  tags: (c) => c.tags ?? [],
  contacts: (c, _, { loaders }) => loaders.contactsByCompany.load(c.id),
  deals: (c, _, { loaders }) => loaders.dealsByCompany.load(c.id),
  async quotes(c, _, { loaders, principal }) {
    const quotes = await loaders.quotesByCompany.load(c.id);
    // Portal shows a client the quotes shared with it, never a draft
    return portalScopeOf(principal) ? quotes.filter((q) => q.status !== 'DRAFT') : quotes;
  },
  async activities(c, args, { loaders }) {
    const { size, shape } = timelineShape('company', args);
    return toConnection(await loaders.timeline.load({ ...shape, ownerId: c.id }), size, timelineCursor);
  },
  async latestActivity(c, _, { loaders }) {
    const [latest] = await loaders.timeline.load({ scope: 'company', ownerId: c.id, limit: 1, after: null, types: null, since: null, until: null });
    return latest ?? null;
  },
  health: (c, _, { loaders }) => loaders.latestHealth.load(c.id),
  async healthHistory(c, { first, after }, { db, org }) {
    const size = pageSize(first);
    const afterSeq = after ? decodeCursor(after).id : null;
    if (afterSeq !== null && !/^\d+$/.test(afterSeq)) throw badInput('Invalid pagination cursor', { argument: 'after' });
    const rows = await healthHistoryPage(db, org, c.id, size + 1, afterSeq);
    const page = rows.slice(0, size);
    const edges = page.map((node) => ({ cursor: encodeCursor('seq', node.seq), node }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  },
  version: (c) => c.version,
  createdAt: (c) => c.created_at,
  updatedAt: (c) => c.updated_at,
};

export const CompanyStatusChange: CompanyStatusChangeResolvers = {
  from: (s) => s.from_status as CompanyStatus | null,
  to: (s) => s.to_status as CompanyStatus,
  changedBy: (s) => s.changed_by,
  changedAt: (s) => s.changed_at,
};

export const companyResolvers: Resolvers = {
  Query: {
    company: (_, { id }, { loaders }) => loaders.company.load(id),
    async companies(_, { first, after, filter, orderBy }, { db, org }) {
      const size = pageSize(first);
      return sortedConnection(await listCompanies(db, org, { first: size, after, filter, sort: sortOf(orderBy) }), size);
    },
  },
  Mutation: {
    createCompany: (_, { input }, ctx) => mutate(ctx, (u) => createCompany(u, input)),
    updateCompany: (_, { id, expectedVersion, input }, ctx) => mutate(ctx, (u) => updateCompany(u, id, expectedVersion, input)),
  },
  Company,
  CompanyStatusChange,
};
