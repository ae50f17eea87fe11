import type { ActivityResolvers, ActivityType, CallDirection, Resolvers, SourceProduct } from '../../generated/resolvers-types.ts';
import { toConnection } from '../../core/connection.ts';
import { pageSize } from '@onegraph/db';
import { mutate } from '../../core/unit-of-work.ts';
import { required } from '../../core/loaders.ts';
import { logActivity } from './commands.ts';
import { timelineCursor } from './page.ts';
import { listActivities } from './store.ts';
import { timeRange } from './validation.ts';

export const Activity: ActivityResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.activity.load(id),
  type: (a) => a.type as ActivityType,
  source: (a) => a.source as SourceProduct,
  occurredAt: (a) => a.occurred_at,
  durationSeconds: (a) => a.duration_seconds,
  recordingUrl: (a) => a.recording_url,
  direction: (a) => a.direction as CallDirection | null,
  createdBy: (a) => a.created_by,
  company: (a, _, { loaders }) => required(loaders.company, a.company_id, 'company'),
  contact: (a, _, { loaders }) => (a.contact_id ? loaders.contact.load(a.contact_id) : null),
  deal: (a, _, { loaders }) => (a.deal_id ? loaders.deal.load(a.deal_id) : null),
};

export const timelineResolvers: Resolvers = {
  Query: {
    activity: (_, { id }, { loaders }) => loaders.activity.load(id),
    async activities(_, { first, after, filter }, { db, org }) {
      const size = pageSize(first);
      const f = filter ?? {};
      const rows = await listActivities(
        db,
        org,
        { companyId: f.companyId, contactId: f.contactId, dealId: f.dealId, types: f.types?.length ? f.types : null, ...timeRange(f) },
        size + 1,
        after ?? null,
      );
      return toConnection(rows, size, timelineCursor);
    },
  },
  Mutation: {
    logActivity: (_, { input }, ctx) => mutate(ctx, (u) => logActivity(u, input)),
  },
  Activity,
};
