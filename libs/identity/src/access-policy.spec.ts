import { randomUUID } from 'node:crypto';

import { decideAdminAccess, decideTenantAccess } from './access-policy';
import { AuthenticatedUser } from './authenticated-user';
import { Role } from './roles';

const TENANT = randomUUID();
const userWith = (role?: Role): AuthenticatedUser => ({
  id: 'u',
  tenants: new Map(role ? [[TENANT, role]] : []),
});

describe('decideTenantAccess', () => {
  it.each([
    ['operator', 'read', 'allow'],
    ['operator', 'command', 'allow'],
    ['auditor', 'read', 'allow'],
    ['auditor', 'command', 'forbidden'],
    ['support', 'read', 'forbidden'],
    ['support', 'command', 'forbidden'],
  ] as const)('gives %s %s access: %s', (role, action, decision) => {
    expect(decideTenantAccess(userWith(role), TENANT, action)).toBe(decision);
  });

  it('answers not found for a tenant the user does not belong to', () => {
    expect(decideTenantAccess(userWith('operator'), randomUUID(), 'read')).toBe(
      'not_found',
    );
  });

  it('compares tenant ids case-insensitively', () => {
    expect(
      decideTenantAccess(userWith('auditor'), TENANT.toUpperCase(), 'read'),
    ).toBe('allow');
  });
});

describe('decideAdminAccess', () => {
  it('allows support in any tenant and nobody else', () => {
    expect(decideAdminAccess(userWith('support'))).toBe('allow');
    expect(decideAdminAccess(userWith('operator'))).toBe('forbidden');
    expect(decideAdminAccess(userWith())).toBe('forbidden');
  });
});
