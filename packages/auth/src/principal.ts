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
 * What every kind of caller has. Every request, event and subscription is
 * scoped to `org`; nothing else names the tenant.
 */
interface PrincipalBase {
  /** Organisation (Hub tenant) id. */
  org: string;
  /**
   * Who acts, as a stable id for audit records and rate limits: the Hub user
   * id for users and for Jarvis (which acts for a user), `integration:<keyId>`
   * for an integration key.
   */
  sub: string;
  /** When the credential stops being valid (seconds since the epoch, as JWT `exp`); absent when it does not expire. */
  expiresAt?: number;
}

/** A person signed in through Hub SSO. */
export interface UserPrincipal extends PrincipalBase {
  kind: 'user';
  role: Role;
  /** Product slugs the user may use (`crm` must be there). */
  products: readonly string[];
  /** Granular permissions from Hub, when it sends them; otherwise the role's (see permissions.ts). */
  permissions?: readonly string[];
}

/** Another product of The One Stack (e.g. PSA) calling with an integration key. */
export interface IntegrationPrincipal extends PrincipalBase {
  kind: 'integration';
  /** The integration key's id (not its secret). */
  keyId: string;
  /** The product the key was issued to (`psa`, `books`, ...). */
  product: string;
  /** Permission strings the key was granted; the key can do nothing else. */
  scopes: readonly string[];
  /**
   * Portal acting for one client company (`X-Portal-Company`): the graph
   * answers only that company's data, as its portal's toggles allow
   * (`portal-scope.ts`). Absent for other products' keys.
   */
  portal?: PortalScope;
}

/** The one client company a Portal call acts for, and the features its portal shows. */
export interface PortalScope {
  companyId: string;
  /** The portal's features turned on (`pipeline`, `marketing`, `esign`, `quotes`, `invoices`). */
  features: readonly string[];
}

/**
 * The Jarvis AI assistant acting for a user, through a delegated token: the
 * user's identity and role, narrowed to reading.
 */
export interface JarvisPrincipal extends PrincipalBase {
  kind: 'jarvis';
  /** Who is actually calling (RFC 8693 `act`). */
  actor: 'jarvis';
  /** The user's role. */
  role: Role;
  products: readonly string[];
  permissions?: readonly string[];
  /** Always true: a delegated identity never writes. */
  readOnly: true;
}

/** Who is calling, after authentication. */
export type Principal = UserPrincipal | IntegrationPrincipal | JarvisPrincipal;

export type PrincipalKind = Principal['kind'];

/** For exhaustive switches on a union's tag. */
export function unreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}

/** The role a principal acts with, for display and logs; integrations have none (their scopes decide). */
export function roleOf(principal: Principal): Role | undefined {
  switch (principal.kind) {
    case 'user':
    case 'jarvis':
      return principal.role;
    case 'integration':
      return undefined;
    default:
      return unreachable(principal);
  }
}
