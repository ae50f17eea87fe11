import { topicOf } from '@onegraph/bus';
import { defineConsumer, type EventOf } from '@onegraph/consumers';
import type { ConsumerScope } from '../../core/scope.ts';
import { applyInvoiceFact, type InvoiceStatus } from './store.ts';

export const BOOKS_INVOICES_CONSUMER = 'integrations.books-invoices';

type InvoiceEvent = EventOf<'books.invoice.issued'> | EventOf<'books.invoice.paid'> | EventOf<'books.invoice.overdue'>;

/** Applies one invoice event as a fact of the read model, in any order: the status only moves forward. */
function applyInvoice(status: InvoiceStatus) {
  return async ({ data }: InvoiceEvent, { tx, org }: ConsumerScope) => {
    await applyInvoiceFact(tx, org, {
      invoiceId: data.invoiceId,
      number: data.number,
      crmCompanyId: data.crmCompanyId,
      crmDealId: data.crmDealId ?? null,
      total: data.total,
      currency: data.currency,
      issuedAt: new Date(data.issuedAt),
      dueAt: new Date(data.dueAt),
      status,
      paidAt: 'paidAt' in data ? new Date(data.paidAt) : null,
      overdueSince: 'overdueSince' in data ? new Date(data.overdueSince) : null,
    });
  };
}

/**
 * Keeps the Books invoices read model (the revenue dashboard's Books side)
 * from `books.invoice.*`. Each event is applied once (inbox), and in any
 * order: the status only moves forward.
 */
export const booksInvoicesConsumer = defineConsumer<ConsumerScope>({
  name: BOOKS_INVOICES_CONSUMER,
  topic: topicOf('books'),
  handlers: {
    'books.invoice.issued': applyInvoice('ISSUED'),
    'books.invoice.overdue': applyInvoice('OVERDUE'),
    'books.invoice.paid': applyInvoice('PAID'),
  },
});
