import { ProductCallError } from './errors.ts';
import { productClientAt, type OneStackEndpoints } from './endpoints.ts';
import type { ProductClient } from './product-client.ts';

/** The CRM features a client portal may show. */
export interface PortalFeatures {
  pipeline: boolean;
  marketing: boolean;
  esign: boolean;
  quotes: boolean;
  invoices: boolean;
}

/** A company's client portal as Portal keeps it (`PUT /api/portals/:companyId`). */
export interface PortalConfig {
  companyId: string;
  features: PortalFeatures;
  brandName: string | null;
  brandColor: string | null;
  customDomain: string | null;
}

export interface PortalView extends PortalConfig {
  /** Where the company's clients log in. */
  url: string;
}

export interface PortalSharedQuote {
  quoteId: string;
  number: string;
  title: string;
  companyId: string;
  shareToken: string;
  total: string;
  currency: string;
}

export interface PortalDocument {
  documentId: string;
  title: string;
  kind: string;
  companyId: string;
  signerEmail: string | null;
}

export interface PortalClient {
  /** Creates or replaces a company's portal configuration. */
  putPortal(org: string, config: PortalConfig, idempotencyKey: string): Promise<PortalView>;
  /** The company's portal, or undefined when it has none. */
  getPortal(org: string, companyId: string): Promise<PortalView | undefined>;
  /** Publishes a sent quote in the company's portal; resolves with the link clients open. */
  shareQuote(org: string, quote: PortalSharedQuote, idempotencyKey: string): Promise<{ url: string }>;
  /** Puts a document up for signature in the company's portal. */
  sendDocument(org: string, document: PortalDocument, idempotencyKey: string): Promise<{ url: string }>;
}

/** Portal's direct API, or undefined when Portal is not connected (no `PORTAL_API_URL`). */
export function createPortalClient(endpoints: OneStackEndpoints): PortalClient | undefined {
  if (!endpoints.portal) return undefined;
  const client: ProductClient = productClientAt(endpoints, 'portal', endpoints.portal);
  const path = (companyId: string) => `/api/portals/${encodeURIComponent(companyId)}`;
  return {
    putPortal: (org, config, idempotencyKey) => client.request<PortalView>(org, { method: 'PUT', path: path(config.companyId), body: config, idempotencyKey }),
    async getPortal(org, companyId) {
      try {
        return await client.request<PortalView>(org, { path: path(companyId) });
      } catch (error) {
        if (error instanceof ProductCallError && error.status === 404) return undefined;
        throw error;
      }
    },
    shareQuote: (org, quote, idempotencyKey) =>
      client.request<{ url: string }>(org, { method: 'POST', path: '/api/shared-quotes', body: quote, idempotencyKey }),
    sendDocument: (org, document, idempotencyKey) =>
      client.request<{ url: string }>(org, { method: 'POST', path: '/api/documents', body: document, idempotencyKey }),
  };
}
