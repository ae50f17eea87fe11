import type { Principal } from '@onegraph/auth';

const keys = new WeakMap<Principal, string>();

/**
 * The caller's part of a deduplication key: the whole principal (kind,
 * organisation, subject, role, permissions, scopes, expiry), so that no two
 * different principals ever share a call or a response. '' for no principal
 * (`--auth none`: nothing identifies the caller to the subgraphs either).
 */
export function identityKey(principal: Principal | undefined): string {
  if (!principal) return '';
  let key = keys.get(principal);
  if (key === undefined) keys.set(principal, (key = JSON.stringify(principal)));
  return key;
}
