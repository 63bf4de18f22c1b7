import { Role } from './roles';

/** The caller, as established by a verified bearer token. */
export interface AuthenticatedUser {
  /** The token's `sub`. */
  readonly id: string;
  /** Tenant id (lower-case UUID) to the caller's role in it. */
  readonly tenants: ReadonlyMap<string, Role>;
}
