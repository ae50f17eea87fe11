import type { CompanyResolvers, ContactResolvers, MutationResolvers, PortalSettingsResolvers } from '../../generated/resolvers-types.ts';
import { challengeNameOf, updatePortalSettings, verifyPortalDomain } from './commands.ts';
import { portalAccessOf } from './store.ts';

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

export const companyPortalFields: Pick<CompanyResolvers, 'portal' | 'portalAccess'> = {
  portal: (company, _, { loaders }) => loaders.portalSettings.load(company.id),
  portalAccess: async (company, _, { loaders }) => portalAccessOf(await loaders.portalSettings.load(company.id)),
};

/** A contact's portal access is their company's (`@requires(fields: "company { id }")`), batched with the companies'. */
export const contactPortalFields: Pick<ContactResolvers, 'portalAccess'> = {
  // the gateway always sends the company this field requires; without it there is no portal to report
  portalAccess: async (contact, _, { loaders }) => portalAccessOf('company' in contact ? await loaders.portalSettings.load(contact.company.id) : null),
};
