import { topicOf, type Bus, type BusConsumer, type Envelope, type EventData } from '@onegraph/bus';
import { markProcessed, wasProcessed, type Db } from '@onegraph/db';
import { ProductCallError, type BooksBillingSetup, type BooksClient } from '@onegraph/onestack-clients';
import type { Logger } from '@onegraph/log';
import { completeBillingSetup, failBillingAttempt, startBillingAttempt } from '../store/books.ts';
import type { ConsumerRetryOptions } from './retry-options.ts';

export const BOOKS_BILLING_CONSUMER = 'integrations.books-billing';

export interface BooksBillingConsumerOptions extends ConsumerRetryOptions {
  db: Db;
  bus: Bus;
  books: BooksClient;
  log: Logger;
}

/**
 * Deal won → Books: sets up the client's billing in Books from
 * `crm.deal.won` (contract value, MRR, currency, term, line items with
 * their GL accounts). Books' idempotency key is derived from the event id,
 * so a retry after a timeout never creates a second setup. While Books is
 * down the handler throws and the Bus retries with backoff; each attempt is
 * visible on `Deal.booksBilling` (PENDING, the last error). Books refusing
 * the setup (a 4xx) is final: FAILED, not retried. Retries: 10 attempts
 * from 250 ms by default (about two minutes of Books outage).
 */
export function startBooksBillingConsumer(options: BooksBillingConsumerOptions): Promise<BusConsumer> {
  const { db, books, log } = options;
  return options.bus.consume({
    groupId: BOOKS_BILLING_CONSUMER,
    topics: [topicOf('crm')],
    maxAttempts: options.maxAttempts ?? 10,
    retryDelayMs: options.retryDelayMs ?? 250,
    handler: async (event, meta) => {
      if (event.type !== 'crm.deal.won') return;
      const { data, orgid: org } = event as Envelope<EventData<'crm.deal.won'>>;
      if (await wasProcessed(db, BOOKS_BILLING_CONSUMER, event.id)) return;
      const lines = data.lineItems.map((l) => ({ service: l.service, quantity: l.quantity, unitPrice: l.unitPrice, amount: l.amount, billing: l.billing, glAccount: l.glAccount }));
      const request = {
        crmDealId: data.dealId,
        crmCompanyId: data.companyId,
        contractValue: data.value,
        mrr: data.mrr,
        currency: data.currency,
        termMonths: data.termMonths ?? null,
        lines,
      };
      const before = await startBillingAttempt(db, org, { dealId: data.dealId, companyId: data.companyId, eventId: event.id, ...request });
      if (before === 'ACTIVE') {
        // one billing setup per deal: a deal won again after a reopen keeps its setup
        await markProcessed(db, BOOKS_BILLING_CONSUMER, event.id);
        return;
      }
      let setup: BooksBillingSetup;
      try {
        setup = await books.createBillingSetup(org, request, `deal-won:${event.id}`);
      } catch (error) {
        const final = error instanceof ProductCallError && !error.retryable;
        // refused, or Books down through the last attempt (the Bus dead-letters the event now): FAILED
        await failBillingAttempt(db, org, data.dealId, (error as Error).message, final || meta.lastAttempt === true);
        if (final) {
          log.warn('books: billing setup refused', { dealId: data.dealId, error: (error as Error).message });
          await markProcessed(db, BOOKS_BILLING_CONSUMER, event.id);
          return;
        }
        throw error;
      }
      await db.transaction(async (tx) => {
        if (!(await markProcessed(tx, BOOKS_BILLING_CONSUMER, event.id))) return;
        await completeBillingSetup(tx, org, data.dealId, setup.id);
      });
    },
  });
}
