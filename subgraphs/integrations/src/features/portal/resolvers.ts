import type { CompanyResolvers, MutationResolvers, PortalSettingsResolvers } from '../../generated/resolvers-types.ts';
import { challengeNameOf, updatePortalSettings, verifyPortalDomain } from './commands.ts';

/** Portal fields: a company's client portal settings, and changing them. */
export const portalMutations: Pick<MutationResolvers, 'updatePortalSettings' | 'verifyPortalDomain'> = {
  updatePortalSettings: (_, { companyId, input }, ctx) => updatePortalSettings(ctx, companyId, input),
  verifyPortalDomain: (_, { companyId }, ctx) => verifyPortalDomain(ctx, companyId),
};

export const PortalSettings: Pick<PortalSettingsResolvers, 'customDomainChallenge'> = {
  customDomainChallenge: (s) =>
    s.customDomain && s.customDomainToken && s.customDomainStatus === 'PENDING'
      ? { recordName: challengeNameOf(s.customDomain), recordValue: s.customDomainToken }
      : null,
};

export const companyPortalFields: Pick<CompanyResolvers, 'portal'> = {
  portal: (company, _, { loaders }) => loaders.portalSettings.load(company.id),
};
