import { setTimeout as delay } from 'node:timers/promises';
import { ProductCallError } from './errors.ts';
import type { IntegrationKeyLookup } from './integration-keys.ts';

export interface ProductClientOptions {
  /** The product's name, for errors and logs: `psa`, `books`, `portal`, `m365`. */
  product: string;
  /** Where its API is, e.g. `PSA_API_URL` (no trailing slash needed). */
  baseUrl: string;
  /** The key to present for an organisation (`X-Integration-Key`). */
  integrationKeys: IntegrationKeyLookup;
  /** Per attempt, in ms. Default 5000. */
  timeoutMs?: number;
  /** Attempts of a retryable call (a GET, or a write with an idempotency key). Default 3. */
  attempts?: number;
  /** The first backoff, doubled after each failed attempt (with jitter). Default 100 ms. */
  backoffMs?: number;
  /** Extra headers on every call (the Microsoft Graph client's bearer token, say). */
  headers?: (org: string) => Record<string, string>;
}

export interface ProductRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query below the base URL, e.g. `/api/clients?ids=a,b`. */
  path: string;
  body?: unknown;
  /**
   * Required on every write: the product applies a write with the same key
   * once, so the call can be retried safely (after a timeout, say) and a
   * retried mutation does not write twice. Derive it from what makes the
   * write unique (`promote:<companyId>`, the event id).
   */
  idempotencyKey?: string;
}

export interface ProductClient {
  readonly product: string;
  /** The parsed JSON answer (undefined for 204). Throws ProductCallError. */
  request<T>(org: string, request: ProductRequest): Promise<T>;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * A client of one product's direct API, as the integration docs describe
 * it: `X-Integration-Key` per organisation, a timeout per attempt, retries
 * with exponential backoff for calls that are safe to repeat (GETs and
 * writes carrying an `Idempotency-Key`), and errors that say whether trying
 * again later can help.
 */
export function createProductClient(options: ProductClientOptions): ProductClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoffMs = options.backoffMs ?? 100;
  const { product } = options;

  return {
    product,
    async request<T>(org: string, request: ProductRequest): Promise<T> {
      const method = request.method ?? 'GET';
      if (method !== 'GET' && !request.idempotencyKey) throw new Error(`${product}: ${method} ${request.path} needs an idempotency key`);
      const key = options.integrationKeys(org);
      if (!key) throw new ProductCallError(product, `${product} is not connected for organisation ${org} (no integration key configured)`, { retryable: false });
      const headers: Record<string, string> = {
        accept: 'application/json',
        'x-integration-key': key,
        ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers?.(org),
      };
      const body = request.body !== undefined ? JSON.stringify(request.body) : undefined;
      let lastError: ProductCallError | undefined;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        if (attempt > 1) await delay(backoffMs * 2 ** (attempt - 2) * (0.75 + Math.random() / 2));
        let response: Response;
        try {
          response = await fetch(`${base}${request.path}`, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(timeoutMs) });
        } catch (error) {
          const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
          lastError = new ProductCallError(product, `${product} did not answer ${method} ${request.path}${timedOut ? ` within ${timeoutMs} ms` : ''}: try again later`, {
            retryable: true,
            cause: error,
          });
          continue;
        }
        const text = await response.text();
        if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
        const detail = describe(text);
        if (RETRYABLE_STATUS.has(response.status)) {
          lastError = new ProductCallError(product, `${product} is unavailable (${response.status}${detail}): try again later`, { retryable: true, status: response.status });
          continue;
        }
        throw new ProductCallError(product, `${product} refused ${method} ${request.path} (${response.status}${detail})`, { retryable: false, status: response.status });
      }
      throw lastError!;
    },
  };
}

function describe(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = parsed.error ?? parsed.message;
    return typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}
