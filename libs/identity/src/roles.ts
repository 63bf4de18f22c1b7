/**
 * What a user may do in one tenant: operators command and read, auditors
 * read, support staff use the admin routes.
 */
export const ROLES = ['operator', 'auditor', 'support'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return ROLES.includes(value as Role);
}
