import { describe, expect, it } from 'vitest';
import { PermissionError } from './errors.js';
import { can, isPermission, isRole, parseRole, Permissions, permissionsOf, requirePermission, ROLE_PERMISSIONS, Roles } from './roles.js';

describe('roles and permissions', () => {
  it('grants each role exactly its permissions', () => {
    const table = Object.fromEntries(Roles.map((role) => [role, [...permissionsOf(role)].sort()]));
    expect(table).toEqual({
      cashier: ['reprint.own-last', 'sales.read', 'sales.record'],
      supervisor: ['printers.manage', 'reprint.approve', 'reprint.own-last', 'sales.read', 'sales.record'],
      backoffice: ['printers.manage', 'reports.read', 'reprint.any', 'sales.read'],
      auditor: ['audit.read', 'reports.read', 'sales.read'],
      admin: [...Permissions].sort(),
    });
  });

  it('answers can() from the one table', () => {
    for (const role of Roles) {
      for (const permission of Permissions) {
        expect(can({ role }, permission)).toBe(ROLE_PERMISSIONS[role].includes(permission));
      }
    }
    expect(can({ role: 'cashier' }, 'reprint.any')).toBe(false);
    expect(can({ role: 'supervisor' }, 'reprint.approve')).toBe(true);
    expect(can({ role: 'backoffice' }, 'reprint.approve')).toBe(false);
    expect(can({ role: 'admin' }, 'users.manage')).toBe(true);
    expect(can({ role: 'admin' }, 'reprint.beyond-limit')).toBe(true);
    expect(can({ role: 'supervisor' }, 'reprint.beyond-limit')).toBe(false);
  });

  it('keeps the auditor read-only', () => {
    const writes = permissionsOf('auditor').filter((p) => !/\.read$/.test(p));
    expect(writes).toEqual([]);
  });

  it('lets a disabled user do nothing', () => {
    for (const permission of Permissions) expect(can({ role: 'admin', disabled: true }, permission)).toBe(false);
  });

  it('keeps the table frozen', () => {
    expect(() => (ROLE_PERMISSIONS.cashier as string[]).push('users.manage')).toThrow(TypeError);
    expect(can({ role: 'cashier' }, 'users.manage')).toBe(false);
  });

  it('refuses with PERMISSION_DENIED naming the permission and who has it', () => {
    expect(() => requirePermission({ name: 'li', role: 'supervisor' }, 'printers.manage')).not.toThrow();
    expect(() => requirePermission({ name: 'wang', role: 'cashier' }, 'reprint.any')).toThrow(PermissionError);
    expect(() => requirePermission({ name: 'wang', role: 'cashier' }, 'reprint.any')).toThrow(
      expect.objectContaining({
        code: 'PERMISSION_DENIED',
        kind: 'forbidden',
        denial: 'forbidden',
        context: expect.objectContaining({ user: 'wang', permission: 'reprint.any' }),
        message: '"wang" (cashier) may not do reprint.any',
        hint: expect.stringContaining('backoffice, admin'),
      }),
    );
    expect(() => requirePermission({ role: 'admin', disabled: true }, 'sales.read')).toThrow(/^role admin may not do sales.read: the account is disabled$/);
  });

  it('parses roles and names UNKNOWN_ROLE with the choices', () => {
    expect(parseRole('auditor')).toBe('auditor');
    expect(isRole('root')).toBe(false);
    expect(isPermission('users.manage')).toBe(true);
    expect(isPermission('users.delete')).toBe(false);
    for (const bad of ['root', 'Admin', '', undefined, 3]) {
      expect(() => parseRole(bad)).toThrow(expect.objectContaining({ code: 'UNKNOWN_ROLE', kind: 'input', hint: 'choose one of: cashier, supervisor, backoffice, auditor, admin' }));
    }
  });
});
