import { productClientAt, type OneStackEndpoints } from './endpoints.ts';
import type { ProductClient } from './product-client.ts';

/** A contact PSA creates with the client (PSA requires an email). */
export interface PsaContactInput {
  crmContactId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  isPrimary: boolean;
}

/** A recurring service of a won deal: what the PSA contract covers. */
export interface PsaContractLine {
  crmDealId: string;
  service: string;
  quantity: string;
  unitPrice: string;
  billing: string;
}

export interface PsaClientInput {
  crmCompanyId: string;
  name: string;
  domain: string | null;
  phone: string | null;
  address: Record<string, unknown> | null;
  contacts: PsaContactInput[];
  contractLines: PsaContractLine[];
}

/** A PSA client as PSA's API returns it. */
export interface PsaClientRecord {
  id: string;
  crmCompanyId: string;
  name: string;
  status: string;
  contacts: PsaContactInput[];
  contractLines: PsaContractLine[];
}

export interface PsaProjectInput {
  crmDealId: string;
  crmCompanyId: string;
  name: string;
  /** PSA's client for the company, when CRM knows it. */
  psaClientId?: string | undefined;
}

/** A PSA project as PSA's API returns it. */
export interface PsaProjectRecord {
  id: string;
  crmDealId: string;
  crmCompanyId: string;
  name: string;
  status: string;
}

/**
 * PSA's direct API (`PSA_API_URL`), as One Graph calls it with the
 * organisation's `CRM_INTEGRATION_KEY`. Every write takes the idempotency
 * key that makes it unique, so a retry (of the call, or of the mutation or
 * event that needed it) never creates a second record.
 */
export interface PsaClient {
  /** `POST /api/clients`. */
  createClient(org: string, input: PsaClientInput, idempotencyKey: string): Promise<PsaClientRecord>;
  /** `GET /api/clients?ids=`: the organisation's clients with these ids (unknown ids are left out). */
  clients(org: string, ids: readonly string[]): Promise<PsaClientRecord[]>;
  /** `POST /api/projects`. */
  createProject(org: string, input: PsaProjectInput, idempotencyKey: string): Promise<PsaProjectRecord>;
}

export function createPsaClient(client: ProductClient): PsaClient {
  return {
    createClient: (org, input, idempotencyKey) => client.request<PsaClientRecord>(org, { method: 'POST', path: '/api/clients', body: input, idempotencyKey }),
    clients: (org, ids) => client.request<PsaClientRecord[]>(org, { path: `/api/clients?ids=${ids.map(encodeURIComponent).join(',')}` }),
    createProject: (org, input, idempotencyKey) =>
      client.request<PsaProjectRecord>(org, { method: 'POST', path: '/api/projects', body: input, idempotencyKey }),
  };
}

/** The PSA client for these endpoints; undefined when PSA is not connected (no `PSA_API_URL`). */
export function psaClientFrom(endpoints: OneStackEndpoints | undefined): PsaClient | undefined {
  if (!endpoints?.psa) return undefined;
  return createPsaClient(productClientAt(endpoints, 'psa', endpoints.psa));
}
