import type { HealthScoreResolvers, Resolvers } from '../../generated/resolvers-types.ts';
import { riskOf } from './score.ts';

export const HealthScore: HealthScoreResolvers = {
  risk: (h) => riskOf(h.score),
  ticketLoad: (h) => h.ticket_load,
  computedAt: (h) => h.computed_at,
};

export const healthResolvers: Resolvers = { HealthScore };
