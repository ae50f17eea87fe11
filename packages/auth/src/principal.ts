/** Hub's organisation roles, strongest first. Data, not code paths: a Billing role can be added here. */
export const roles = ['Owner', 'Admin', 'Member', 'Viewer'] as const;
export type Role = (typeof roles)[number];

export function parseRole(value: unknown): Role | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return roles.find((r) => r.toLowerCase() === lower);
}

/** Whether `role` is at least as strong as `required`. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return roles.indexOf(role) <= roles.indexOf(required);
}

/**
 * Who is calling, after authentication. Every request, event and
 * subscription is scoped to `org`; nothing else names the tenant.
 */
export interface UserPrincipal {
  kind: 'user';
  /** Hub user id. */
  sub: string;
  /** Organisation (Hub tenant) id. */
  org: string;
  role: Role;
  /** Product slugs the user may use (`crm` must be there). */
  products: readonly string[];
}

export type Principal = UserPrincipal;
