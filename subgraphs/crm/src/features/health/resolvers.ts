import type { CompanyStatus, CompanyStatusChangeResolvers, HealthScoreResolvers } from '../../generated/resolvers-types.ts';
import { riskOf } from './score.ts';

export const HealthScore: HealthScoreResolvers = {
  risk: (h) => riskOf(h.score),
  ticketLoad: (h) => h.ticket_load,
  computedAt: (h) => h.computed_at,
};

export const CompanyStatusChange: CompanyStatusChangeResolvers = {
  from: (s) => s.from_status as CompanyStatus | null,
  to: (s) => s.to_status as CompanyStatus,
  changedBy: (s) => s.changed_by,
  changedAt: (s) => s.changed_at,
};
