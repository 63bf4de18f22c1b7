/** The signed-in user as the console knows it: the token and its claims. */
export type Role = 'operator' | 'auditor' | 'support';

export interface Session {
  readonly token: string;
  readonly userId: string;
  /** Tenant id to role, from the token's `tenants` claim. */
  readonly tenants: Readonly<Record<string, Role>>;
}

const KEY = 'console.token';

/**
 * Reads the claims without verifying the signature: the API verifies every
 * call, the console only needs them to draw the tenant switcher.
 */
export function sessionOf(token: string): Session | undefined {
  const payload = token.trim().split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as { sub?: unknown; tenants?: unknown };
    if (typeof claims.sub !== 'string') return undefined;
    const tenants =
      claims.tenants && typeof claims.tenants === 'object'
        ? (claims.tenants as Record<string, Role>)
        : {};
    return { token: token.trim(), userId: claims.sub, tenants };
  } catch {
    return undefined;
  }
}

/** Kept for the browser tab only, so closing it signs out. */
export function storedSession(): Session | undefined {
  const token = sessionStorage.getItem(KEY);
  return token ? sessionOf(token) : undefined;
}

export function storeSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(KEY, session.token);
  else sessionStorage.removeItem(KEY);
}
