/** A company's PSA read model, as the resolvers see it (a company PSA has not mentioned gets an empty one). */
export interface PsaLinkRow {
  crm_company_id: string;
  psa_client_id: string | null;
  latest_csat: number | null;
  last_ticket_activity_at: Date | null;
  open_tickets: number;
}
