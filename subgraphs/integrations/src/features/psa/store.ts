import type { Queryable } from '@onegraph/db';

/** A company's PSA read model, as the resolvers see it (a company PSA has not mentioned gets an empty one). */
export interface PsaLinkRow {
  crm_company_id: string;
  psa_client_id: string | null;
  latest_csat: number | null;
  last_ticket_activity_at: Date | null;
  open_tickets: number;
}

/** Ticket statuses that count as no longer open (PSA and Portal vocabularies). */
export const closedTicketStatuses = ['resolved', 'closed', 'cancelled'];

export async function psaLinksByCompanyIds(db: Queryable, org: string, companyIds: readonly string[]): Promise<PsaLinkRow[]> {
  const { rows } = await db.query<PsaLinkRow & { open_tickets: string | number }>(
    `SELECT c.id AS crm_company_id, l.psa_client_id, l.latest_csat, l.last_ticket_activity_at,
            (SELECT count(*) FROM psa_tickets t
              WHERE t.org_id = $1 AND t.crm_company_id = c.id AND lower(t.status) <> ALL($3)) AS open_tickets
       FROM unnest($2::text[]) AS c(id)
       LEFT JOIN psa_links l ON l.org_id = $1 AND l.crm_company_id = c.id`,
    [org, companyIds, closedTicketStatuses],
  );
  return rows.map((r) => ({ ...r, open_tickets: Number(r.open_tickets) }));
}

export interface TicketActivity {
  psaClientId: string;
  crmCompanyId: string;
  ticketId: string;
  ticketNumber: string;
  status: string;
  occurredAt: Date;
}

/** Applies one ticket event; an older event than the one stored does not overwrite it (replays and reordering are harmless). */
export async function applyTicketActivity(tx: Queryable, org: string, t: TicketActivity): Promise<void> {
  await tx.query(
    `INSERT INTO psa_tickets (org_id, ticket_id, crm_company_id, ticket_number, status, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (org_id, ticket_id) DO UPDATE SET status = EXCLUDED.status, occurred_at = EXCLUDED.occurred_at
       WHERE psa_tickets.occurred_at <= EXCLUDED.occurred_at`,
    [org, t.ticketId, t.crmCompanyId, t.ticketNumber, t.status, t.occurredAt],
  );
  await tx.query(
    `INSERT INTO psa_links (org_id, crm_company_id, psa_client_id, last_ticket_activity_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (org_id, crm_company_id) DO UPDATE SET
       psa_client_id = EXCLUDED.psa_client_id,
       last_ticket_activity_at = GREATEST(psa_links.last_ticket_activity_at, EXCLUDED.last_ticket_activity_at),
       updated_at = now()`,
    [org, t.crmCompanyId, t.psaClientId, t.occurredAt],
  );
}

/** A PSA client created for the company (promotion or PSA's own): the link shows before any ticket. */
export async function linkPsaClient(tx: Queryable, org: string, crmCompanyId: string, psaClientId: string): Promise<void> {
  await tx.query(
    `INSERT INTO psa_links (org_id, crm_company_id, psa_client_id) VALUES ($1, $2, $3)
     ON CONFLICT (org_id, crm_company_id) DO UPDATE SET psa_client_id = EXCLUDED.psa_client_id, updated_at = now()`,
    [org, crmCompanyId, psaClientId],
  );
}
