import type { Principal } from '@onegraph/auth';
import { ErrorCode } from '@onegraph/errors';
import type { RequestRefusal } from '@onegraph/http';
import type { Credentials } from '../auth.ts';
import type { LimitClass } from './limits.ts';
import { resolvePersisted, type PersistedManifest } from './persisted-manifest.ts';
import type { RateLimiter } from './rate-limit.ts';

/** Who sends an operation, whatever carries it (an HTTP request, a graphql-ws connection). */
export interface Caller {
  /** Undefined with `--auth none`. */
  principal: Principal | undefined;
  /** What the caller presented (request headers, or a connection's `connectionParams` read as headers). */
  credentials: Credentials;
  /** The client address: what anonymous callers are counted by. */
  address: string | undefined;
}

/**
 * A rate limit: the budget a caller's operations are counted against
 * (`keyOf`), or undefined when the limit does not hold this caller. A
 * caller is held to the first limit that claims it (a plugin's, e.g. the
 * public API's per organisation, before the per-caller limit).
 */
export interface RateLimitRule {
  name: string;
  limiter: RateLimiter;
  keyOf(caller: Caller): string | undefined;
}

/** The outcome of counting operations: the `X-RateLimit-*` headers, and a refusal beyond the limit. */
export interface Charge {
  headers: Record<string, string>;
  refusal: RequestRefusal | undefined;
}

/**
 * The one admission path of every operation, whatever carries it: each
 * transport (POST, GET and batches over HTTP, graphql-ws; any later one)
 * asks it, with the same caller and the same codes, before Apollo sees the
 * operation. The operation limits (depth, aliases, cost…) are held in
 * Apollo's pipeline and at subscribe time with the same limiter.
 */
export interface OperationAdmission {
  /**
   * Persisted operations: an operation sent by hash gets its registered
   * text; for callers restricted to the allow-list, anything else is
   * refused (PERSISTED_QUERY_NOT_ALLOWED).
   */
  resolve(operation: Record<string, unknown>, caller: Caller): Record<string, unknown> | RequestRefusal;
  /** Counts `operations` operations (each of a batch counts one) against the caller's rate limit. */
  charge(caller: Caller, operations: number): Promise<Charge>;
}

export interface OperationAdmissionOptions {
  persisted?: { manifest: PersistedManifest; requiredFor: readonly LimitClass[] } | undefined;
  /** In order: the first whose key claims the caller holds it. */
  rateLimits: readonly RateLimitRule[];
  classOf(principal: Principal | undefined): LimitClass;
  /** Told of every refusal by a rate limit: the limit's name and the caller's class (the refusals metric). */
  onRefused?: (limit: string, callerClass: LimitClass) => void;
}

/** The per-caller key: the user or key (kind, organisation, subject), or the client address when anonymous. */
export const callerKey = ({ principal, address }: Caller) => (principal ? `${principal.kind}:${principal.org}:${principal.sub}` : `ip:${address ?? 'unknown'}`);

/** The per-caller limit, which holds every caller no other limit claimed. */
export const perCallerRateLimit = (limiter: RateLimiter): RateLimitRule => ({ name: 'per caller', limiter, keyOf: callerKey });

export function createOperationAdmission(options: OperationAdmissionOptions): OperationAdmission {
  const { persisted, rateLimits, classOf } = options;
  return {
    resolve(operation, caller) {
      if (!persisted) return operation;
      return resolvePersisted(operation, persisted.manifest, persisted.requiredFor.includes(classOf(caller.principal)));
    },
    async charge(caller, operations) {
      for (const rule of rateLimits) {
        const key = rule.keyOf(caller);
        if (key === undefined) continue;
        const decision = await rule.limiter(key, Math.max(1, operations));
        if (!decision.allowed) options.onRefused?.(rule.name, classOf(caller.principal));
        return {
          headers: decision.headers,
          refusal: decision.allowed ? undefined : { refuse: ErrorCode.RATE_LIMITED, message: `Rate limit exceeded: retry in ${decision.retryAfterSec} s` },
        };
      }
      return { headers: {}, refusal: undefined };
    },
  };
}
