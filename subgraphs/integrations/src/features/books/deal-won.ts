import { topicOf } from '@onegraph/bus';
import { callFirst, defineConsumer, PermanentEventError } from '@onegraph/consumers';
import type { Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import { ProductCallError, type BooksBillingSetup, type BooksClient } from '@onegraph/onestack-clients';
import type { ConsumerRetryOptions } from '../../core/retry-options.ts';
import type { ConsumerScope } from '../../core/scope.ts';
import { amendAfterWin, reportLostAfterWin, reportReopened } from './after-win.ts';
import type { DealTermsReader } from './crm-deals.ts';
import { completeBillingSetup, failBillingAttempt, startBillingAttempt } from './store.ts';

export const BOOKS_BILLING_CONSUMER = 'integrations.books-billing';

export interface BooksBillingOptions {
  db: Db;
  books: BooksClient;
  /** Reads a won deal's current terms from crm when it changes (amendments). */
  dealTerms: DealTermsReader;
  log: Logger;
  /** Default 10 attempts from 250 ms (about two minutes of Books outage). */
  retry?: ConsumerRetryOptions | undefined;
}

/**
 * Deal won → Books: sets up the client's billing in Books from
 * `crm.deal.won` (contract value, MRR, currency, term, line items with
 * their GL accounts). Books is called before the transaction with the
 * inbox row (`callFirst`); Books' idempotency key is derived from the event
 * id, so a retry after a timeout, or an admin's replay, never creates a
 * second setup. While Books is down the handler throws and the Bus retries
 * with backoff; each attempt is visible on `Deal.booksBilling` (PENDING,
 * the last error), FAILED when Books stays down through the last attempt.
 * Books refusing the setup (a 4xx: One Graph's key unknown to Books, a
 * line Books does not accept) is final: FAILED, and the event is
 * dead-lettered at once with Books' answer. Either way an admin replays it
 * from the graph (`replayIntegrationsFailedEvent`) once Books is fixed.
 *
 * After the win the same consumer (so in the deal's order) amends the setup
 * when the deal's billed terms change, and cancels it when the deal is
 * reopened or lost (`after-win.ts`).
 */
export function booksBillingConsumer(options: BooksBillingOptions) {
  const { db, books, log } = options;
  const afterWin = { db, books, log, dealTerms: options.dealTerms };
  return defineConsumer<ConsumerScope>({
    name: BOOKS_BILLING_CONSUMER,
    topic: topicOf('crm'),
    retry: { maxAttempts: 10, retryDelayMs: 250, ...options.retry },
    handlers: {
      'crm.deal.won': callFirst({
        async before({ data, orgid: org, id }, meta): Promise<BooksBillingSetup | undefined> {
          const lines = data.lineItems.map((l) => ({
            service: l.service,
            quantity: l.quantity,
            unitPrice: l.unitPrice,
            amount: l.amount,
            billing: l.billing,
            glAccount: l.glAccount,
          }));
          const request = {
            crmDealId: data.dealId,
            crmCompanyId: data.companyId,
            contractValue: data.value,
            mrr: data.mrr,
            currency: data.currency,
            termMonths: data.termMonths ?? null,
            lines,
          };
          const before = await startBillingAttempt(db, org, {
            dealId: data.dealId,
            companyId: data.companyId,
            eventId: id,
            dealVersion: data.version,
            ...request,
          });
          // one billing setup per deal while it stays won (a deal won again after a reopen cancelled it gets a new one)
          if (before === 'ACTIVE') return undefined;
          try {
            return await books.createBillingSetup(org, request, `deal-won:${id}`);
          } catch (error) {
            const refused = error instanceof ProductCallError && !error.retryable;
            const message = (error as Error).message;
            // refused, or Books down through the last attempt (the event is dead-lettered now): FAILED
            await failBillingAttempt(db, org, data.dealId, message, refused || meta.lastAttempt);
            if (refused) {
              log.warn('books: billing setup refused', { org, dealId: data.dealId, error: message });
              throw new PermanentEventError(`Books refused the billing setup of deal ${data.dealId}: ${message}`);
            }
            throw error;
          }
        },
        async apply({ data }, { tx, org }, setup) {
          if (setup) await completeBillingSetup(tx, org, data.dealId, setup.id);
        },
      }),
      'crm.deal.updated': amendAfterWin(afterWin),
      'crm.deal.stage_changed': reportReopened(afterWin),
      'crm.deal.lost': reportLostAfterWin(afterWin),
    },
  });
}
