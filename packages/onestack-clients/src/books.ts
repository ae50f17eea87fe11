import { productClientAt, type OneStackEndpoints } from './endpoints.ts';
import type { ProductClient } from './product-client.ts';

/** One line of a billing setup: what Books invoices and the GL account its revenue goes to. */
export interface BooksBillingLine {
  service: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  billing: 'ONE_OFF' | 'MONTHLY' | 'QUARTERLY' | 'ANNUALLY';
  glAccount: string;
}

/** What `POST /api/billing-setups` takes: a won deal's contract, ready for invoicing. */
export interface BooksBillingSetupRequest {
  crmDealId: string;
  crmCompanyId: string;
  /** Total contract value, exact decimal string. */
  contractValue: string;
  /** Monthly recurring revenue, exact decimal string. */
  mrr: string;
  currency: string;
  termMonths: number | null;
  lines: BooksBillingLine[];
}

export interface BooksBillingSetup {
  id: string;
  status: string;
  crmDealId: string;
}

/** What `POST /api/billing-setups/{id}/amendments` takes: the won deal's terms as they are now, at one version of the deal. */
export interface BooksBillingAmendmentRequest {
  /** The CRM deal's version these terms are from (Books keeps one amendment per version). */
  crmDealVersion: number;
  contractValue: string;
  mrr: string;
  currency: string;
  termMonths: number | null;
  lines: BooksBillingLine[];
}

export interface BooksBillingAmendment {
  id: string;
  setupId: string;
  crmDealVersion: number;
}

/** Why a won deal's billing stops: it was reopened, or lost after it had been won. */
export type BooksCancelReason = 'DEAL_REOPENED' | 'DEAL_LOST';

/** What `POST /api/billing-setups/{id}/cancel` takes. */
export interface BooksCancelRequest {
  reason: BooksCancelReason;
  crmDealVersion: number;
}

export interface BooksClient {
  /** Creates (once per idempotency key) the client billing setup of a won deal. */
  createBillingSetup(org: string, setup: BooksBillingSetupRequest, idempotencyKey: string): Promise<BooksBillingSetup>;
  /** Amends a billing setup (once per idempotency key) with the deal's terms after a change. */
  amendBillingSetup(org: string, setupId: string, amendment: BooksBillingAmendmentRequest, idempotencyKey: string): Promise<BooksBillingAmendment>;
  /** Stops a billing setup (once per idempotency key): its deal was reopened or lost. Again on a cancelled setup: Books records the new reason. */
  cancelBillingSetup(org: string, setupId: string, cancel: BooksCancelRequest, idempotencyKey: string): Promise<BooksBillingSetup>;
}

/** Books' direct API, or undefined when Books is not connected (no `BOOKS_API_URL`). */
export function createBooksClient(endpoints: OneStackEndpoints): BooksClient | undefined {
  if (!endpoints.books) return undefined;
  const client: ProductClient = productClientAt(endpoints, 'books', endpoints.books);
  return {
    createBillingSetup: (org, setup, idempotencyKey) =>
      client.request<BooksBillingSetup>(org, { method: 'POST', path: '/api/billing-setups', body: setup, idempotencyKey }),
    amendBillingSetup: (org, setupId, amendment, idempotencyKey) =>
      client.request<BooksBillingAmendment>(org, {
        method: 'POST',
        path: `/api/billing-setups/${encodeURIComponent(setupId)}/amendments`,
        body: amendment,
        idempotencyKey,
      }),
    cancelBillingSetup: (org, setupId, cancel, idempotencyKey) =>
      client.request<BooksBillingSetup>(org, {
        method: 'POST',
        path: `/api/billing-setups/${encodeURIComponent(setupId)}/cancel`,
        body: cancel,
        idempotencyKey,
      }),
  };
}
