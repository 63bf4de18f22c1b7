import { AuthenticatedUser } from './authenticated-user';
import { Role } from './roles';

/** What a tenant-scoped route does: read data, or command a change. */
export type TenantAction = 'read' | 'command';

const ALLOWED: Record<TenantAction, readonly Role[]> = {
  read: ['operator', 'auditor'],
  command: ['operator'],
};

export type AccessDecision = 'allow' | 'not_found' | 'forbidden';

/**
 * The one rule for tenant-scoped routes. A tenant the caller does not
 * belong to answers `not_found`, exactly like a tenant that does not exist,
 * so responses never reveal which tenants exist. Within one of the
 * caller's tenants, a role that does not allow the action is `forbidden`.
 */
export function decideTenantAccess(
  user: AuthenticatedUser,
  tenantId: string,
  action: TenantAction,
): AccessDecision {
  const role = user.tenants.get(tenantId.toLowerCase());
  if (!role) return 'not_found';
  return ALLOWED[action].includes(role) ? 'allow' : 'forbidden';
}

/**
 * Admin routes (projections, rebuilds) are not tenant data: the `support`
 * role in any tenant grants them.
 */
export function decideAdminAccess(user: AuthenticatedUser): AccessDecision {
  return [...user.tenants.values()].includes('support') ? 'allow' : 'forbidden';
}
