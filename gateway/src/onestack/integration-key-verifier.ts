import { createHash } from 'node:crypto';
import { parseIntegrationKey, type IntegrationPrincipal, type InternalTokens } from '@onegraph/auth';
import { codedError, ErrorCode } from '@onegraph/errors';
import type { Logger } from '@onegraph/log';

export interface IntegrationKeyOptions {
  /** How long an accepted key is trusted without asking again, in ms. Default 5000. */
  cacheTtlMs?: number;
  /** How long a refused key stays refused without asking again, in ms. Default 5000. */
  negativeCacheTtlMs?: number;
  /** Most keys cached at once. Default 10 000. */
  maxCachedKeys?: number;
}

/**
 * Verifies a key; with `company` (Portal's `X-Portal-Company`), the
 * principal carries that company's portal scope when the company has a
 * portal in the key's organisation (`portal`), and none otherwise.
 */
export type IntegrationKeyVerifier = (key: string, company?: string) => Promise<IntegrationPrincipal>;

/** The integrations subgraph's verification endpoint, below its base URL. */
const VERIFY_PATH = '/internal/integration-keys/verify';

interface Verified {
  keyId: string;
  org: string;
  product: string;
  scopes: string[];
  expiresAt: number | null;
  portal?: { companyId: string; features: string[] } | null;
}

type Entry = { until: number; result: { ok: true; principal: IntegrationPrincipal } | { ok: false; message: string } };

/**
 * Verifies integration keys with the integrations subgraph, which owns them
 * (`POST /internal/integration-keys/verify`, authenticated with a service
 * token), and caches verdicts briefly: accepted keys for `cacheTtlMs`, refused
 * ones for `negativeCacheTtlMs`. A revoked key is refused again within that
 * time, without a restart; an expiring key is not trusted past its expiry.
 * Concurrent requests with the same key share one verification.
 *
 * `subgraphUrl()` is the integrations subgraph's GraphQL URL, as the current
 * supergraph (or `SUBGRAPH_INTEGRATIONS_URL`) says; undefined when the
 * supergraph has no integrations subgraph, and then keys are refused.
 */
export function createIntegrationKeyVerifier(
  subgraphUrl: () => string | undefined,
  internalTokens: InternalTokens,
  options: IntegrationKeyOptions = {},
  log?: Logger,
): IntegrationKeyVerifier {
  const ttl = options.cacheTtlMs ?? 5_000;
  const negativeTtl = options.negativeCacheTtlMs ?? 5_000;
  const maxEntries = options.maxCachedKeys ?? 10_000;
  const cache = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry>>();
  let serviceToken: { token: Promise<string>; until: number } | undefined;

  const token = () => {
    // signed once per half of its 60 s life, not per verification
    if (!serviceToken || serviceToken.until <= Date.now()) serviceToken = { token: internalTokens.signService('gateway'), until: Date.now() + 30_000 };
    return serviceToken.token;
  };

  async function ask(key: string, company: string | undefined): Promise<Entry> {
    const base = subgraphUrl();
    if (!base) throw codedError(ErrorCode.SERVICE_UNAVAILABLE, 'Integration keys cannot be verified: the supergraph has no integrations subgraph');
    let res: Response;
    try {
      res = await fetch(new URL(VERIFY_PATH, base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
        body: JSON.stringify(company === undefined ? { key } : { key, company }),
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      log?.error('gateway: integration key verification unreachable', { error: (error as Error).message });
      throw codedError(ErrorCode.SERVICE_UNAVAILABLE, 'Integration keys cannot be verified right now');
    }
    const now = Date.now();
    if (res.status === 200) {
      const v = (await res.json()) as Verified;
      const principal: IntegrationPrincipal = {
        kind: 'integration',
        sub: `integration:${v.keyId}`,
        keyId: v.keyId,
        org: v.org,
        product: v.product,
        scopes: v.scopes,
        ...(v.expiresAt !== null ? { expiresAt: v.expiresAt } : {}),
        ...(v.portal ? { portal: { companyId: v.portal.companyId, features: v.portal.features } } : {}),
      };
      const until = Math.min(now + ttl, v.expiresAt !== null ? v.expiresAt * 1000 : Number.POSITIVE_INFINITY);
      return { until, result: { ok: true, principal } };
    }
    if (res.status === 401) {
      const body = (await res.json().catch(() => ({}))) as { errors?: { message?: string }[] };
      return { until: now + negativeTtl, result: { ok: false, message: body.errors?.[0]?.message ?? 'Invalid integration key' } };
    }
    log?.error('gateway: integration key verification failed', { status: res.status });
    throw codedError(ErrorCode.SERVICE_UNAVAILABLE, 'Integration keys cannot be verified right now');
  }

  return async (key, company) => {
    if (!parseIntegrationKey(key)) throw codedError(ErrorCode.UNAUTHENTICATED, 'Invalid integration key: expected ogk_<prefix>_<secret>');
    // the cache holds digests, not the keys themselves
    const id = createHash('sha256')
      .update(company === undefined ? key : `${key}\u0000${company}`)
      .digest('base64url');
    let entry = cache.get(id);
    if (!entry || entry.until <= Date.now()) {
      cache.delete(id);
      let inFlight = pending.get(id);
      if (!inFlight) {
        inFlight = ask(key, company).finally(() => pending.delete(id));
        pending.set(id, inFlight);
      }
      entry = await inFlight;
      // a call acting for a company is verified each time: its portal's toggles are read fresh
      if (company === undefined) {
        if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
        cache.set(id, entry);
      }
    }
    if (!entry.result.ok) throw codedError(ErrorCode.UNAUTHENTICATED, `Authentication failed: ${entry.result.message}`);
    return entry.result.principal;
  };
}
