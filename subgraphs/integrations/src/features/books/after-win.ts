import { callFirst, PermanentEventError, type EventOf, type HandlerMeta } from '@onegraph/consumers';
import type { Db } from '@onegraph/db';
import type { Logger } from '@onegraph/log';
import { ProductCallError, type BooksBillingAmendmentRequest, type BooksCancelReason, type BooksClient } from '@onegraph/onestack-clients';
import type { ConsumerScope } from '../../core/scope.ts';
import type { DealTermsReader } from './crm-deals.ts';
import { billingSetupsByDealIds, cancelBilling, noteBillingError, recordAmendment, type BillingSetupRow } from './store.ts';

/** The deal fields Books bills from: a change to any of them after the win amends the setup. */
const BILLED_FIELDS = new Set(['value', 'mrr', 'currency', 'termMonths', 'lineItems']);

export interface AfterWinOptions {
  db: Db;
  books: BooksClient;
  dealTerms: DealTermsReader;
  log: Logger;
}

const setupOf = async (db: Db, org: string, dealId: string): Promise<BillingSetupRow | undefined> => (await billingSetupsByDealIds(db, org, [dealId]))[0];

/**
 * A failed Books call about a deal Books bills already: refused (4xx) is
 * final (dead-lettered at once with Books' answer); Books unavailable is
 * retried by the Bus. `last_error` shows either on `Deal.booksBilling`.
 */
async function booksCallFailed(options: AfterWinOptions, org: string, dealId: string, what: string, error: unknown): Promise<never> {
  const message = (error as Error).message;
  await noteBillingError(options.db, org, dealId, `${what}: ${message}`);
  if (error instanceof ProductCallError && !error.retryable) {
    options.log.warn('books: refused', { org, dealId, what, error: message });
    throw new PermanentEventError(`Books refused the ${what} of deal ${dealId}: ${message}`);
  }
  throw error;
}

interface Amended {
  request: BooksBillingAmendmentRequest;
  booksAmendmentId: string;
}

/**
 * `crm.deal.updated` of a won deal whose billed fields changed: amends its
 * ACTIVE Books setup with the deal's terms as crm has them now (the event
 * carries neither line items nor term), once per deal version: the
 * idempotency key is the version, and a version Books bills already (or a
 * later one) is not sent again, so a redelivered or late event changes
 * nothing. Changes made faster than the consumer reads crm reach Books as
 * one amendment, of the latest version.
 */
export function amendAfterWin(options: AfterWinOptions) {
  const { db, books, dealTerms } = options;
  return callFirst<'crm.deal.updated', ConsumerScope, Amended | undefined>({
    async before({ data, orgid: org }: EventOf<'crm.deal.updated'>) {
      if (data.status !== 'WON' || !data.changed.some((f) => BILLED_FIELDS.has(f))) return undefined;
      const setup = await setupOf(db, org, data.dealId);
      if (setup?.status !== 'ACTIVE' || !setup.booksSetupId) return undefined;
      const terms = await dealTerms(org, data.dealId);
      if (!terms || terms.status !== 'WON' || terms.version <= (setup.dealVersion ?? 0)) return undefined;
      const request: BooksBillingAmendmentRequest = {
        crmDealVersion: terms.version,
        contractValue: terms.value,
        mrr: terms.mrr,
        currency: terms.currency,
        termMonths: terms.termMonths,
        lines: terms.lineItems,
      };
      try {
        const amendment = await books.amendBillingSetup(org, setup.booksSetupId, request, `deal-amend:${data.dealId}:v${terms.version}`);
        return { request, booksAmendmentId: amendment.id };
      } catch (error) {
        return booksCallFailed(options, org, data.dealId, 'billing amendment', error);
      }
    },
    async apply({ data }, { tx, org }, amended) {
      if (!amended) return;
      const { request } = amended;
      await recordAmendment(tx, org, data.dealId, {
        dealVersion: request.crmDealVersion,
        booksAmendmentId: amended.booksAmendmentId,
        contractValue: request.contractValue,
        mrr: request.mrr,
        currency: request.currency,
        termMonths: request.termMonths,
        lines: request.lines,
      });
    },
  });
}

/**
 * Tells Books a won deal is no longer won: reopened (`crm.deal.stage_changed`
 * into an open stage while Books bills it) or lost after the win
 * (`crm.deal.lost` of a deal Books billed, reopened first as crm requires).
 * Books cancels the setup with that reason; the idempotency key is the
 * deal version. A deal Books never set up (FAILED, or never won) is not
 * reported.
 */
function cancelAfterWin<T extends 'crm.deal.stage_changed' | 'crm.deal.lost'>(
  options: AfterWinOptions,
  reason: BooksCancelReason,
  applies: (event: EventOf<T>, setup: BillingSetupRow) => boolean,
) {
  const { db, books } = options;
  return callFirst<T, ConsumerScope, boolean>({
    async before(event: EventOf<T>, _meta: HandlerMeta) {
      const { data, orgid: org } = event;
      const setup = await setupOf(db, org, data.dealId);
      if (!setup?.booksSetupId || !applies(event, setup)) return false;
      try {
        await books.cancelBillingSetup(
          org,
          setup.booksSetupId,
          { reason, crmDealVersion: data.version },
          `deal-${reason.toLowerCase()}:${data.dealId}:v${data.version}`,
        );
        return true;
      } catch (error) {
        return booksCallFailed(options, org, data.dealId, 'billing cancellation', error);
      }
    },
    async apply({ data }, { tx, org }, cancelled) {
      if (cancelled) await cancelBilling(tx, org, data.dealId, reason);
    },
  });
}

export const reportReopened = (options: AfterWinOptions) =>
  cancelAfterWin<'crm.deal.stage_changed'>(options, 'DEAL_REOPENED', ({ data }, setup) => data.status === 'OPEN' && setup.status === 'ACTIVE');

export const reportLostAfterWin = (options: AfterWinOptions) =>
  cancelAfterWin<'crm.deal.lost'>(
    options,
    'DEAL_LOST',
    (_, setup) => setup.status === 'ACTIVE' || (setup.status === 'CANCELLED' && setup.cancelReason === 'DEAL_REOPENED'),
  );
