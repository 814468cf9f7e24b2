import { InputError } from '../core/index.js';
import { PermissionError } from './errors.js';

/** Who someone is at the shop; each role grants a fixed set of permissions (below). */
export const Roles = ['cashier', 'supervisor', 'backoffice', 'auditor', 'admin'] as const;
export type Role = (typeof Roles)[number];

/** What a user may do. Checked with `can` by the edges (server, cli) and by the reprint policy. */
export const Permissions = [
  'sales.record',
  'sales.read',
  'reprint.own-last',
  'reprint.any',
  'reprint.approve',
  'reprint.beyond-limit',
  'audit.read',
  'reports.read',
  'printers.manage',
  'users.manage',
] as const;
export type Permission = (typeof Permissions)[number];

const CASHIER = ['sales.record', 'sales.read', 'reprint.own-last'] as const satisfies readonly Permission[];

/** The one role → permission table. An auditor only reads; an admin may do everything. */
export const ROLE_PERMISSIONS: { readonly [R in Role]: readonly Permission[] } = Object.freeze({
  cashier: Object.freeze([...CASHIER]),
  supervisor: Object.freeze([...CASHIER, 'reprint.approve', 'printers.manage'] as const),
  backoffice: Object.freeze(['sales.read', 'reprint.any', 'reports.read', 'printers.manage'] as const),
  auditor: Object.freeze(['sales.read', 'audit.read', 'reports.read'] as const),
  admin: Object.freeze([...Permissions]),
});

const roleSets = new Map<Role, ReadonlySet<Permission>>(Roles.map((role) => [role, new Set(ROLE_PERMISSIONS[role])]));

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (Roles as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (Permissions as readonly string[]).includes(value);
}

/** A role named by a person or a request; anything else is UNKNOWN_ROLE. */
export function parseRole(value: unknown): Role {
  if (isRole(value)) return value;
  throw new InputError('UNKNOWN_ROLE', `unknown role "${String(value)}"`, {
    hint: `choose one of: ${Roles.join(', ')}`,
    context: { role: value },
  });
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

/** Someone whose permissions are asked about: a role, and whether the account is disabled. */
export interface Permitted {
  name?: string;
  role: Role;
  disabled?: boolean;
}

/** True when `user` may do `permission`. A disabled user may do nothing. */
export function can(user: Permitted, permission: Permission): boolean {
  if (user.disabled === true) return false;
  return roleSets.get(user.role)?.has(permission) ?? false;
}

/** As `can`, but refuses with PermissionError PERMISSION_DENIED naming what was missing. */
export function requirePermission(user: Permitted, permission: Permission): void {
  if (can(user, permission)) return;
  const who = user.name === undefined ? `role ${user.role}` : `"${user.name}" (${user.role})`;
  throw new PermissionError('PERMISSION_DENIED', `${who} may not do ${permission}${user.disabled === true ? ': the account is disabled' : ''}`, {
    hint: `ask someone whose role has ${permission} (${Roles.filter((r) => roleSets.get(r)?.has(permission)).join(', ')})`,
    context: { user: user.name, role: user.role, permission, allowed: Roles.filter((r) => roleSets.get(r)?.has(permission)), ...(user.disabled === true ? { rule: 'disabled' } : {}) },
  });
}
