import { setTimeout as delay } from 'node:timers/promises';
import { ProductCallError } from './errors.ts';
import type { IntegrationKeyLookup } from './integration-keys.ts';

/**
 * How a client proves who it calls for, per organisation. The One Stack's
 * products take `X-Integration-Key` (`integrationKeyCredentials`, the
 * default); Microsoft Graph takes an OAuth bearer token that expires and is
 * renewed, hence the async headers and the 401 hook.
 */
export interface ProductCredentials {
  /**
   * The headers that authenticate a call for `org`. Rejects with a
   * `ProductCallError` when the organisation has no credential, or one
   * cannot be had right now (a retryable one is retried like the call).
   */
  headers(org: string): Promise<Record<string, string>>;
  /**
   * The product answered 401 to a call made with `headers`. Return true when
   * fresh headers may be accepted (a cached token was dropped): the call is
   * then made once more, at once, before the 401 counts as a refusal.
   */
  rejected?(org: string, headers: Record<string, string>): boolean;
}

/** `X-Integration-Key` from the lookup; an organisation without a key is not connected. */
export function integrationKeyCredentials(product: string, integrationKeys: IntegrationKeyLookup): ProductCredentials {
  return {
    headers(org) {
      const key = integrationKeys(org);
      if (!key)
        return Promise.reject(
          new ProductCallError(product, `${product} is not connected for organisation ${org} (no integration key configured)`, { retryable: false }),
        );
      return Promise.resolve({ 'x-integration-key': key });
    },
  };
}

interface ProductClientBaseOptions {
  /** The product's name, for errors and logs: `psa`, `books`, `portal`, `m365`. */
  product: string;
  /** Where its API is, e.g. `PSA_API_URL` (no trailing slash needed). */
  baseUrl: string;
  /** Per attempt, in ms. Default 5000. */
  timeoutMs?: number;
  /** Attempts of a retryable call (a GET, or a write with an idempotency key). Default 3. */
  attempts?: number;
  /** The first backoff, doubled after each failed attempt (with jitter). Default 100 ms. */
  backoffMs?: number;
}

export type ProductClientOptions = ProductClientBaseOptions &
  (
    | {
        /** The key to present for an organisation (`X-Integration-Key`). */
        integrationKeys: IntegrationKeyLookup;
      }
    | {
        /** How calls are authenticated instead (Microsoft Graph's bearer tokens). */
        credentials: ProductCredentials;
      }
  );

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
 * it: `X-Integration-Key` per organisation (or other credentials), a
 * timeout per attempt, retries with exponential backoff for calls that are
 * safe to repeat (GETs and writes carrying an `Idempotency-Key`), and
 * errors that say whether trying again later can help.
 */
export function createProductClient(options: ProductClientOptions): ProductClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoffMs = options.backoffMs ?? 100;
  const { product } = options;
  const credentials = 'credentials' in options ? options.credentials : integrationKeyCredentials(product, options.integrationKeys);

  return {
    product,
    async request<T>(org: string, request: ProductRequest): Promise<T> {
      const method = request.method ?? 'GET';
      if (method !== 'GET' && !request.idempotencyKey) throw new Error(`${product}: ${method} ${request.path} needs an idempotency key`);
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      };
      const body = request.body !== undefined ? JSON.stringify(request.body) : undefined;
      // a credential refused with 401 is renewed once per request, not once per attempt
      let renewed = false;
      const send = async (auth: Record<string, string>) =>
        fetch(`${base}${request.path}`, {
          method,
          headers: { ...headers, ...auth },
          ...(body !== undefined ? { body } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        });

      let lastError: ProductCallError | undefined;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        if (attempt > 1) await delay(backoffMs * 2 ** (attempt - 2) * (0.75 + Math.random() / 2));
        let response: Response;
        try {
          let auth = await credentials.headers(org);
          response = await send(auth);
          if (response.status === 401 && !renewed && credentials.rejected?.(org, auth)) {
            renewed = true;
            await response.body?.cancel();
            auth = await credentials.headers(org);
            response = await send(auth);
          }
        } catch (error) {
          if (error instanceof ProductCallError) {
            if (!error.retryable) throw error;
            lastError = error;
            continue;
          }
          const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
          lastError = new ProductCallError(
            product,
            `${product} did not answer ${method} ${request.path}${timedOut ? ` within ${timeoutMs} ms` : ''}: try again later`,
            {
              retryable: true,
              cause: error,
            },
          );
          continue;
        }
        const text = await response.text();
        if (response.ok) return (text ? JSON.parse(text) : undefined) as T;
        const detail = describe(text);
        if (RETRYABLE_STATUS.has(response.status)) {
          lastError = new ProductCallError(product, `${product} is unavailable (${response.status}${detail}): try again later`, {
            retryable: true,
            status: response.status,
          });
          continue;
        }
        throw new ProductCallError(product, `${product} refused ${method} ${request.path} (${response.status}${detail})`, {
          retryable: false,
          status: response.status,
        });
      }
      throw lastError!;
    },
  };
}

function describe(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    // The One Stack's products answer { error: "…" }; Microsoft Graph { error: { code, message } }
    const graph = typeof parsed.error === 'object' && parsed.error !== null ? (parsed.error as { message?: unknown }) : undefined;
    const message = graph ? graph.message : (parsed.error ?? parsed.message);
    return typeof message === 'string' ? `: ${message.slice(0, 200)}` : '';
  } catch {
    return '';
  }
}
