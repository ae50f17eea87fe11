import type { CompanyResolvers, MutationResolvers } from '../../generated/resolvers-types.ts';
import { updatePortalSettings } from './commands.ts';

/** Portal fields: a company's client portal settings, and changing them. */
export const portalMutations: Pick<MutationResolvers, 'updatePortalSettings'> = {
  updatePortalSettings: (_, { companyId, input }, ctx) => updatePortalSettings(ctx, companyId, input),
};

export const companyPortalFields: Pick<CompanyResolvers, 'portal'> = {
  portal: (company, _, { loaders }) => loaders.portalSettings.load(company.id),
};
