import { topicOf, type Bus, type BusConsumer, type Envelope, type EventData } from '@onegraph/bus';
import { markProcessed, type Db } from '@onegraph/db';
import { applyInvoiceFact, type InvoiceFact } from '../store/books.ts';

export const BOOKS_INVOICES_CONSUMER = 'integrations.books-invoices';

type InvoiceEvent = Envelope<EventData<'books.invoice.issued'> & Partial<EventData<'books.invoice.paid'> & EventData<'books.invoice.overdue'>>>;

const statusOf = { 'books.invoice.issued': 'ISSUED', 'books.invoice.overdue': 'OVERDUE', 'books.invoice.paid': 'PAID' } as const;

/**
 * Keeps the Books invoices read model (the revenue dashboard's Books side)
 * from `books.invoice.*`. Each event is applied once (inbox), and in any
 * order: the status only moves forward.
 */
export function startBooksInvoicesConsumer(db: Db, bus: Bus): Promise<BusConsumer> {
  return bus.consume({
    groupId: BOOKS_INVOICES_CONSUMER,
    topics: [topicOf('books')],
    handler: async (event) => {
      if (!Object.hasOwn(statusOf, event.type)) return;
      const { data, orgid } = event as InvoiceEvent;
      const fact: InvoiceFact = {
        invoiceId: data.invoiceId,
        number: data.number,
        crmCompanyId: data.crmCompanyId,
        crmDealId: data.crmDealId ?? null,
        total: data.total,
        currency: data.currency,
        issuedAt: new Date(data.issuedAt),
        dueAt: new Date(data.dueAt),
        status: statusOf[event.type as keyof typeof statusOf],
        paidAt: data.paidAt ? new Date(data.paidAt) : null,
        overdueSince: data.overdueSince ? new Date(data.overdueSince) : null,
      };
      await db.transaction(async (tx) => {
        if (!(await markProcessed(tx, BOOKS_INVOICES_CONSUMER, event.id))) return;
        await applyInvoiceFact(tx, orgid, fact);
      });
    },
  });
}
