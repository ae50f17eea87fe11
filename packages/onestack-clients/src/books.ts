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

export interface BooksClient {
  /** Creates (once per idempotency key) the client billing setup of a won deal. */
  createBillingSetup(org: string, setup: BooksBillingSetupRequest, idempotencyKey: string): Promise<BooksBillingSetup>;
}

/** Books' direct API, or undefined when Books is not connected (no `BOOKS_API_URL`). */
export function createBooksClient(endpoints: OneStackEndpoints): BooksClient | undefined {
  if (!endpoints.books) return undefined;
  const client: ProductClient = productClientAt(endpoints, 'books', endpoints.books);
  return {
    createBillingSetup: (org, setup, idempotencyKey) =>
      client.request<BooksBillingSetup>(org, { method: 'POST', path: '/api/billing-setups', body: setup, idempotencyKey }),
  };
}
