import type { Queryable } from '@onegraph/db';

export type PsaProjectRequestStatus = 'PENDING' | 'CREATED' | 'FAILED';

/** A won deal's PSA project request, shaped as the `PsaProjectRequest` GraphQL type (its `project` resolves separately). */
export interface PsaProjectRequestRow {
  dealId: string;
  companyId: string;
  status: PsaProjectRequestStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = `crm_deal_id AS "dealId", crm_company_id AS "companyId", status, attempts, last_error AS "lastError",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function psaProjectRequestsByDealIds(db: Queryable, org: string, dealIds: readonly string[]): Promise<PsaProjectRequestRow[]> {
  const { rows } = await db.query<PsaProjectRequestRow>(`SELECT ${columns} FROM psa_project_requests WHERE org_id = $1 AND crm_deal_id = ANY($2)`, [
    org,
    dealIds,
  ]);
  return rows;
}

/**
 * Records one more call to PSA for a deal's project (a new PENDING row, or
 * one more attempt of a pending or failed one). A CREATED request is left
 * as it is: a deal keeps its first project.
 */
export async function startPsaProjectAttempt(db: Queryable, org: string, a: { dealId: string; companyId: string; eventId: string }): Promise<void> {
  await db.query(
    `INSERT INTO psa_project_requests (org_id, crm_deal_id, crm_company_id, event_id, status, attempts) VALUES ($1, $2, $3, $4, 'PENDING', 1)
     ON CONFLICT (org_id, crm_deal_id) DO UPDATE SET
       event_id = EXCLUDED.event_id, status = 'PENDING', attempts = psa_project_requests.attempts + 1, updated_at = now()
       WHERE psa_project_requests.status <> 'CREATED'`,
    [org, a.dealId, a.companyId, a.eventId],
  );
}

/** The attempt failed: the error kept, and FAILED when PSA refused (no retry can help). */
export async function failPsaProjectAttempt(db: Queryable, org: string, dealId: string, error: string, final: boolean): Promise<void> {
  await db.query(
    `UPDATE psa_project_requests SET last_error = $3, status = CASE WHEN $4 THEN 'FAILED' ELSE status END, updated_at = now()
      WHERE org_id = $1 AND crm_deal_id = $2 AND status <> 'CREATED'`,
    [org, dealId, error.slice(0, 1000), final],
  );
}

/** PSA opened the project: in the transaction that records the link. */
export async function completePsaProjectRequest(tx: Queryable, org: string, dealId: string): Promise<void> {
  await tx.query(`UPDATE psa_project_requests SET status = 'CREATED', last_error = NULL, updated_at = now() WHERE org_id = $1 AND crm_deal_id = $2`, [
    org,
    dealId,
  ]);
}
