import type { Resolvers } from '../../generated/resolvers-types.ts';
import { mutate } from '../../core/unit-of-work.ts';
import { requestPsaProject } from './project-request.ts';
import { promoteCompanyToClient } from './promotion.ts';

export const psaResolvers: Resolvers = {
  Mutation: {
    // PSA's API is called outside any transaction: the mutation writes only once PSA answered
    promoteCompanyToClient: (_, { companyId }, ctx) => promoteCompanyToClient(ctx, companyId),
    requestPsaProject: (_, { dealId }, ctx) => mutate(ctx, (u) => requestPsaProject(u, dealId)),
  },
};
