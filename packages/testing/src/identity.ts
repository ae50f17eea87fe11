import type { Role, UserPrincipal } from '@onegraph/auth';

/**
 * A user as the gateway forwards it to the subgraphs (sign it with the
 * subgraph's `InternalTokens`): a Member of `org` with the CRM product unless
 * said otherwise.
 */
export function testUser(org: string, options: { sub?: string; role?: Role } = {}): UserPrincipal {
  return { kind: 'user', org, sub: options.sub ?? 'u', role: options.role ?? 'Member', products: ['crm'] };
}
