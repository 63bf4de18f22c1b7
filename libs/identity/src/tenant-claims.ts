import { isRole, Role } from './roles';

/**
 * The claim that carries the caller's tenants and role per tenant:
 * `"tenants": { "<tenant uuid>": "operator" | "auditor" | "support" }`.
 * One role per tenant; a user with no tenants has an empty object.
 */
export const TENANTS_CLAIM = 'tenants';

export const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads the tenants claim. Strict: a malformed claim (not an object, a key
 * that is not a UUID, an unknown role) yields `undefined` and the whole
 * token is refused, rather than granting a guessed subset.
 */
export function parseTenantsClaim(
  claim: unknown,
): Map<string, Role> | undefined {
  if (claim === undefined) return new Map();
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) {
    return undefined;
  }
  const tenants = new Map<string, Role>();
  for (const [tenantId, role] of Object.entries(claim)) {
    if (!UUID.test(tenantId) || !isRole(role)) return undefined;
    tenants.set(tenantId.toLowerCase(), role);
  }
  return tenants;
}

/** The claim's JSON form for a token. */
export function tenantsClaim(
  tenants: Iterable<readonly [string, Role]>,
): Record<string, Role> {
  return Object.fromEntries(
    [...tenants].map(([id, role]) => [id.toLowerCase(), role]),
  );
}
