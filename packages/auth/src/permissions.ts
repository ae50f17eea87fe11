import { unreachable, type Principal, type Role } from './principal.ts';

/**
 * Permissions are Hub's strings `{product}.{resource}.{action}`
 * (`crm.contacts.delete`), with wildcards (`crm.*`, `crm.deals.*`, `*`).
 * A user's permissions are its role's, narrowed by the granular permissions
 * Hub grants, but never beyond what the role allows. The table is data: a
 * Billing role is one more row.
 */
export const rolePermissions: Record<Role, readonly string[]> = {
  Owner: ['*'],
  Admin: ['crm.*', 'integrations.*', 'portal.*'],
  Member: ['crm.*.read', 'crm.*.write', 'integrations.*.read'],
  Viewer: ['crm.*.read', 'integrations.*.read'],
};

/** What a role can never do, whatever it is granted (the stricter reading of the product docs). */
export const roleCeilings: Record<Role, readonly string[]> = {
  Owner: ['*'],
  Admin: ['crm.*', 'integrations.*', 'portal.*'],
  Member: ['crm.*.read', 'crm.*.write', 'integrations.*.read'],
  Viewer: ['crm.*.read', 'integrations.*.read'],
};

/** Managing integration keys (list, create, rotate, revoke): Owner and Admin, and only as a user. */
export const MANAGE_INTEGRATION_KEYS = 'integrations.keys.manage';

const permissionPattern = /^(\*|[a-z0-9_-]+)(\.(\*|[a-z0-9_-]+))*$/;

/** Whether `value` is a well-formed permission string (segments of `a-z0-9_-`, or `*`). */
export function isPermission(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 200 && permissionPattern.test(value);
}

/**
 * Hub's granular `permissions` claim: undefined when absent (the role's
 * apply); malformed entries are dropped, which can only take rights away.
 */
export function parsePermissions(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return list.map((p) => (typeof p === 'string' ? p.trim().toLowerCase() : p)).filter(isPermission);
}

/** Whether a granted pattern covers a required permission. `*` matches one segment, or the rest when trailing. */
export function permissionMatches(granted: string, required: string): boolean {
  if (granted === '*' || granted === required) return true;
  const g = granted.split('.');
  const r = required.split('.');
  for (let i = 0; i < g.length; i++) {
    if (g[i] === '*') {
      if (i === g.length - 1) return r.length > i; // trailing * covers the rest
      if (r[i] === undefined) return false;
      continue;
    }
    if (g[i] !== r[i]) return false;
  }
  return g.length === r.length;
}

const covered = (patterns: readonly string[], required: string) => patterns.some((p) => permissionMatches(p, required));

/** Whether a permission only reads (`*.read`): what a read-only principal is narrowed to. */
export const isReadPermission = (permission: string) => permission.endsWith('.read');

function roleHas(role: Role, granular: readonly string[] | undefined, required: string): boolean {
  return covered(roleCeilings[role], required) && covered(granular ?? rolePermissions[role], required);
}

/**
 * Whether the principal holds `required`:
 * - a user: its role's permissions, narrowed by Hub's granular ones;
 * - Jarvis: the same, for `*.read` permissions only;
 * - an integration key: its scopes, and nothing else.
 */
export function hasPermission(principal: Principal, required: string): boolean {
  switch (principal.kind) {
    case 'user':
      return roleHas(principal.role, principal.permissions, required);
    case 'jarvis':
      return isReadPermission(required) && roleHas(principal.role, principal.permissions, required);
    case 'integration':
      return covered(principal.scopes, required);
    default:
      return unreachable(principal);
  }
}
