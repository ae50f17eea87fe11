import type { ActivityResolvers, ActivityType, CallDirection, SourceProduct } from '../../generated/resolvers-types.ts';
import { requireCompany } from '../../loaders.ts';

export const Activity: ActivityResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.activity.load(id),
  type: (a) => a.type as ActivityType,
  source: (a) => a.source as SourceProduct,
  occurredAt: (a) => a.occurred_at,
  durationSeconds: (a) => a.duration_seconds,
  recordingUrl: (a) => a.recording_url,
  direction: (a) => a.direction as CallDirection | null,
  createdBy: (a) => a.created_by,
  company: (a, _, { loaders }) => requireCompany(loaders, a.company_id),
  contact: (a, _, { loaders }) => (a.contact_id ? loaders.contact.load(a.contact_id) : null),
  deal: (a, _, { loaders }) => (a.deal_id ? loaders.deal.load(a.deal_id) : null),
};
