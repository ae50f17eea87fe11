import type { CompanyResolvers, DealResolvers, Resolvers } from '../../generated/resolvers-types.ts';

/** PSA fields: a company's PSA read model, a won deal's PSA project and the request that made it. */
export const psaResolvers: Pick<Resolvers, 'PsaProjectRequest' | 'PsaProject' | 'PsaLink'> = {
  PsaProjectRequest: {
    project: (request, _, { loaders }) => loaders.psaProject.load(request.dealId),
  },
  PsaProject: {
    id: (p) => p.psa_project_id,
    createdAt: (p) => p.created_at,
  },
  PsaLink: {
    linked: (l) => l.psa_client_id !== null,
    psaClientId: (l) => l.psa_client_id,
    openTickets: (l) => l.open_tickets,
    latestCsat: (l) => l.latest_csat,
    lastTicketActivityAt: (l) => l.last_ticket_activity_at,
  },
};

export const companyPsaFields: Pick<CompanyResolvers, 'psa'> = {
  psa: (company, _, { loaders }) => loaders.psaLink.load(company.id),
};

export const dealPsaFields: Pick<DealResolvers, 'psaProject' | 'psaProjectRequest'> = {
  psaProject: (deal, _, { loaders }) => loaders.psaProject.load(deal.id),
  psaProjectRequest: (deal, _, { loaders }) => loaders.psaProjectRequest.load(deal.id),
};
