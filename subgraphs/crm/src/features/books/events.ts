import { topicOf } from '@onegraph/bus';
import { defineConsumer, ParkEvent, type EventOf } from '@onegraph/consumers';
import type { Unit } from '../../core/unit-of-work.ts';
import { recomputeHealthBeforeCommit } from '../health/store.ts';

export const BOOKS_CONSUMER = 'crm.books-events';

type InvoiceEvent = EventOf<'books.invoice.issued'> | EventOf<'books.invoice.paid'> | EventOf<'books.invoice.overdue'>;

/**
 * Consumes Books' invoice events into the health score's billing inputs
 * (`company_invoices`) and recomputes the company's health in the same
 * transaction (docs/health-score.md). An invoice for a company the
 * organisation does not have is parked. Events may arrive in any order for
 * one invoice: a payment is never undone by a later-delivered issue.
 */
export const booksEventsConsumer = defineConsumer<Unit>({
  name: BOOKS_CONSUMER,
  topic: topicOf('books'),
  handlers: {
    'books.invoice.issued': (event, unit) => onInvoice(unit, event, null),
    'books.invoice.paid': (event, unit) => onInvoice(unit, event, new Date(event.data.paidAt)),
    'books.invoice.overdue': (event, unit) => onInvoice(unit, event, null),
  },
});

async function onInvoice(unit: Unit, event: InvoiceEvent, paidAt: Date | null): Promise<void> {
  const { data } = event;
  const { rows } = await unit.tx.query<{ id: string }>(`SELECT id FROM companies WHERE org_id = $1 AND id = $2 FOR UPDATE`, [unit.org, data.crmCompanyId]);
  if (!rows[0]) throw new ParkEvent(`unknown company ${data.crmCompanyId}`);
  await unit.tx.query(
    `INSERT INTO company_invoices (org_id, invoice_id, company_id, total, currency, issued_at, due_at, paid_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (org_id, invoice_id) DO UPDATE SET total = EXCLUDED.total, currency = EXCLUDED.currency, due_at = EXCLUDED.due_at,
       paid_at = COALESCE(company_invoices.paid_at, EXCLUDED.paid_at)`,
    [unit.org, data.invoiceId, data.crmCompanyId, data.total, data.currency, new Date(data.issuedAt), new Date(data.dueAt), paidAt],
  );
  recomputeHealthBeforeCommit(unit, data.crmCompanyId, event.type);
}
