import type { Principal } from '@onegraph/auth';
import { stableStringify } from '../stable-stringify.ts';

/**
 * The close code of a connection whose renewal presented another identity
 * (another user, organisation, role, permissions or key): graphql-ws'
 * Forbidden. Such a change needs a new connection, so that every
 * subscription is checked again for what the new credentials allow.
 */
export const RENEWAL_FORBIDDEN_CLOSE_CODE = 4403;

/** Whether a renewed credential is the same identity with the same rights, only with another expiry. */
export function sameIdentity(current: Principal, renewed: Principal): boolean {
  return stableStringify({ ...current, expiresAt: undefined }) === stableStringify({ ...renewed, expiresAt: undefined });
}

/** What a graphql-ws client presented in its `connectionParams`, or in a renewal `ping`. */
export interface ConnectionCredentials {
  authorization: string | undefined;
  integrationKey: string | undefined;
}

/** The credentials of a graphql-ws `connection_init` or renewal `ping` payload: a bearer token, or a product's integration key. */
export function connectionCredentials(params: Record<string, unknown>): ConnectionCredentials {
  const authorization = params['authorization'] ?? params['Authorization'] ?? (params['token'] ? `Bearer ${String(params['token'])}` : undefined);
  // products connect with their key, as they call over HTTP
  const integrationKey = params['x-integration-key'] ?? params['X-Integration-Key'];
  return {
    authorization: typeof authorization === 'string' ? authorization : undefined,
    integrationKey: typeof integrationKey === 'string' ? integrationKey : undefined,
  };
}
