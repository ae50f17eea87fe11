import type { Queryable } from '@onegraph/db';
import type { BooksBillingLine, BooksCancelReason } from '@onegraph/onestack-clients';

/** A won deal's billing setup, shaped as the `BooksBillingSetup` GraphQL type. */
export interface BillingSetupRow {
  dealId: string;
  companyId: string;
  booksSetupId: string | null;
  status: 'PENDING' | 'ACTIVE' | 'FAILED' | 'CANCELLED';
  /** The deal version Books bills: the won version, then each amended one. */
  dealVersion: number | null;
  /** Why Books stopped billing: the deal was reopened, or lost after it was won. */
  cancelReason: BooksCancelReason | null;
  contractValue: string;
  mrr: string;
  currency: string;
  termMonths: number | null;
  lines: BooksBillingLine[];
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const billingColumns = `crm_deal_id AS "dealId", crm_company_id AS "companyId", books_setup_id AS "booksSetupId", status,
  deal_version AS "dealVersion", cancel_reason AS "cancelReason",
  contract_value::text AS "contractValue", mrr::text AS mrr, currency, term_months AS "termMonths", lines, attempts,
  last_error AS "lastError", created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function billingSetupsByDealIds(db: Queryable, org: string, dealIds: readonly string[]): Promise<BillingSetupRow[]> {
  const { rows } = await db.query<BillingSetupRow>(`SELECT ${billingColumns} FROM books_billing_setups WHERE org_id = $1 AND crm_deal_id = ANY($2)`, [
    org,
    dealIds,
  ]);
  return rows.map((r) => ({ ...r, lines: linesOf(r.lines) }));
}

/** jsonb comes back parsed from `pg` and as text from some drivers. */
const linesOf = (lines: BooksBillingLine[] | string): BooksBillingLine[] => (typeof lines === 'string' ? (JSON.parse(lines) as BooksBillingLine[]) : lines);

export interface BillingAttempt {
  dealId: string;
  companyId: string;
  eventId: string;
  /** The deal's version in the won event. */
  dealVersion: number;
  contractValue: string;
  mrr: string;
  currency: string;
  termMonths: number | null;
  lines: BooksBillingLine[];
}

/**
 * Records that a billing setup is being attempted (a new PENDING row, or one
 * more attempt of a pending one) and resolves with the row's status before
 * the attempt: an ACTIVE deal is set up already.
 */
export async function startBillingAttempt(db: Queryable, org: string, a: BillingAttempt): Promise<BillingSetupRow['status'] | 'NEW'> {
  const before = await db.query<{ status: BillingSetupRow['status'] }>(`SELECT status FROM books_billing_setups WHERE org_id = $1 AND crm_deal_id = $2`, [
    org,
    a.dealId,
  ]);
  const status = before.rows[0]?.status;
  if (status === 'ACTIVE') return status;
  await db.query(
    `INSERT INTO books_billing_setups (org_id, crm_deal_id, crm_company_id, event_id, status, contract_value, mrr, currency, term_months, lines, attempts, deal_version)
     VALUES ($1, $2, $3, $4, 'PENDING', $5, $6, $7, $8, $9, 1, $10)
     ON CONFLICT (org_id, crm_deal_id) DO UPDATE SET
       event_id = EXCLUDED.event_id, status = 'PENDING', contract_value = EXCLUDED.contract_value, mrr = EXCLUDED.mrr,
       currency = EXCLUDED.currency, term_months = EXCLUDED.term_months, lines = EXCLUDED.lines, deal_version = EXCLUDED.deal_version,
       cancel_reason = NULL, books_setup_id = CASE WHEN books_billing_setups.status = 'CANCELLED' THEN NULL ELSE books_billing_setups.books_setup_id END,
       attempts = CASE WHEN books_billing_setups.status = 'CANCELLED' THEN 1 ELSE books_billing_setups.attempts + 1 END, updated_at = now()
       WHERE books_billing_setups.status <> 'ACTIVE'`,
    [org, a.dealId, a.companyId, a.eventId, a.contractValue, a.mrr, a.currency, a.termMonths, JSON.stringify(a.lines), a.dealVersion],
  );
  return status ?? 'NEW';
}

export async function failBillingAttempt(db: Queryable, org: string, dealId: string, error: string, final: boolean): Promise<void> {
  await db.query(
    `UPDATE books_billing_setups SET last_error = $3, status = CASE WHEN $4 THEN 'FAILED' ELSE status END, updated_at = now()
      WHERE org_id = $1 AND crm_deal_id = $2 AND status <> 'ACTIVE'`,
    [org, dealId, error.slice(0, 1000), final],
  );
}

export async function completeBillingSetup(tx: Queryable, org: string, dealId: string, booksSetupId: string): Promise<void> {
  await tx.query(
    `UPDATE books_billing_setups SET status = 'ACTIVE', books_setup_id = $3, last_error = NULL, updated_at = now() WHERE org_id = $1 AND crm_deal_id = $2`,
    [org, dealId, booksSetupId],
  );
}

/** Records why the last call about a set-up deal (an amendment, a cancellation) failed, without changing its status. */
export async function noteBillingError(db: Queryable, org: string, dealId: string, error: string): Promise<void> {
  await db.query(`UPDATE books_billing_setups SET last_error = $3, updated_at = now() WHERE org_id = $1 AND crm_deal_id = $2`, [
    org,
    dealId,
    error.slice(0, 1000),
  ]);
}

/** The terms Books took at one later version of a won deal. */
export interface BillingAmendment {
  dealVersion: number;
  booksAmendmentId: string;
  contractValue: string;
  mrr: string;
  currency: string;
  termMonths: number | null;
  lines: BooksBillingLine[];
  createdAt: Date;
}

/** Records an amendment Books took (again for the same version: nothing) and makes its terms the setup's. */
export async function recordAmendment(tx: Queryable, org: string, dealId: string, a: Omit<BillingAmendment, 'createdAt'>): Promise<void> {
  const { rows } = await tx.query(
    `INSERT INTO books_billing_amendments (org_id, crm_deal_id, deal_version, books_amendment_id, contract_value, mrr, currency, term_months, lines)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (org_id, crm_deal_id, deal_version) DO NOTHING RETURNING deal_version`,
    [org, dealId, a.dealVersion, a.booksAmendmentId, a.contractValue, a.mrr, a.currency, a.termMonths, JSON.stringify(a.lines)],
  );
  if (rows.length === 0) return;
  await tx.query(
    `UPDATE books_billing_setups SET contract_value = $3, mrr = $4, currency = $5, term_months = $6, lines = $7, deal_version = $8, last_error = NULL, updated_at = now()
      WHERE org_id = $1 AND crm_deal_id = $2 AND (deal_version IS NULL OR deal_version < $8)`,
    [org, dealId, a.contractValue, a.mrr, a.currency, a.termMonths, JSON.stringify(a.lines), a.dealVersion],
  );
}

/** Records that Books stopped billing the deal, and why. */
export async function cancelBilling(tx: Queryable, org: string, dealId: string, reason: BooksCancelReason): Promise<void> {
  await tx.query(
    `UPDATE books_billing_setups SET status = 'CANCELLED', cancel_reason = $3, last_error = NULL, updated_at = now() WHERE org_id = $1 AND crm_deal_id = $2`,
    [org, dealId, reason],
  );
}

/** Each deal's amendments, oldest first. */
export async function amendmentsByDealIds(db: Queryable, org: string, dealIds: readonly string[]): Promise<(BillingAmendment & { dealId: string })[]> {
  const { rows } = await db.query<BillingAmendment & { dealId: string; lines: BooksBillingLine[] | string }>(
    `SELECT crm_deal_id AS "dealId", deal_version AS "dealVersion", books_amendment_id AS "booksAmendmentId", contract_value::text AS "contractValue",
            mrr::text AS mrr, currency, term_months AS "termMonths", lines, created_at AS "createdAt"
       FROM books_billing_amendments WHERE org_id = $1 AND crm_deal_id = ANY($2) ORDER BY deal_version`,
    [org, dealIds],
  );
  return rows.map((r) => ({ ...r, lines: linesOf(r.lines) }));
}

export type InvoiceStatus = 'ISSUED' | 'OVERDUE' | 'PAID';

export interface InvoiceFact {
  invoiceId: string;
  number: string;
  crmCompanyId: string;
  crmDealId: string | null;
  total: string;
  currency: string;
  issuedAt: Date;
  dueAt: Date;
  status: InvoiceStatus;
  paidAt: Date | null;
  overdueSince: Date | null;
}

/**
 * Applies one invoice event. The status only moves forward (ISSUED, then
 * OVERDUE, then PAID), whatever order the events arrive in, and the times
 * each event carries are kept: a late `issued` leaves a paid invoice paid.
 */
export async function applyInvoiceFact(tx: Queryable, org: string, f: InvoiceFact): Promise<void> {
  await tx.query(
    `INSERT INTO books_invoices (org_id, invoice_id, number, crm_company_id, crm_deal_id, total, currency, issued_at, due_at, status, paid_at, overdue_since)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (org_id, invoice_id) DO UPDATE SET
       status = CASE WHEN array_position(ARRAY['ISSUED','OVERDUE','PAID'], EXCLUDED.status) > array_position(ARRAY['ISSUED','OVERDUE','PAID'], books_invoices.status)
                     THEN EXCLUDED.status ELSE books_invoices.status END,
       paid_at = COALESCE(books_invoices.paid_at, EXCLUDED.paid_at),
       overdue_since = COALESCE(books_invoices.overdue_since, EXCLUDED.overdue_since),
       updated_at = now()`,
    [org, f.invoiceId, f.number, f.crmCompanyId, f.crmDealId, f.total, f.currency, f.issuedAt, f.dueAt, f.status, f.paidAt, f.overdueSince],
  );
}

/** An invoice as the `BooksInvoice` GraphQL type shows it. */
export interface InvoiceRow {
  id: string;
  number: string;
  companyId: string;
  dealId: string | null;
  total: string;
  currency: string;
  status: InvoiceStatus;
  issuedAt: Date;
  dueAt: Date;
  paidAt: Date | null;
}

export async function invoicesByCompanyIds(db: Queryable, org: string, companyIds: readonly string[]): Promise<InvoiceRow[]> {
  const { rows } = await db.query<InvoiceRow>(
    `SELECT invoice_id AS id, number, crm_company_id AS "companyId", crm_deal_id AS "dealId", total::text AS total, currency, status,
            issued_at AS "issuedAt", due_at AS "dueAt", paid_at AS "paidAt"
       FROM books_invoices WHERE org_id = $1 AND crm_company_id = ANY($2) ORDER BY issued_at DESC, invoice_id`,
    [org, companyIds],
  );
  return rows;
}

/** The invoices that count towards any of the given months (issued or paid then), in one currency. */
export async function invoicesForRevenue(db: Queryable, org: string, currency: string, from: Date, until: Date, companyIds: readonly string[] | null) {
  const { rows } = await db.query<{ crm_company_id: string; total: string; status: InvoiceStatus; issued_at: Date; paid_at: Date | null }>(
    `SELECT crm_company_id, total::text AS total, status, issued_at, paid_at FROM books_invoices
      WHERE org_id = $1 AND currency = $2 AND ((issued_at >= $3 AND issued_at < $4) OR (paid_at >= $3 AND paid_at < $4))
        AND ($5::text[] IS NULL OR crm_company_id = ANY($5))`,
    [org, currency, from, until, companyIds],
  );
  return rows;
}
