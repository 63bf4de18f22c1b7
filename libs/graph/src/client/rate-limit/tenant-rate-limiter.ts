/**
 * Port: a per-tenant request budget shared by every worker. `acquire`
 * resolves when the caller may send one request; it waits, never fails
 * for lack of budget.
 */
export abstract class TenantRateLimiter {
  abstract acquire(tenantId: string, signal?: AbortSignal): Promise<void>;
}

/** No limit: for tests of other concerns. */
export class UnlimitedRateLimiter extends TenantRateLimiter {
  async acquire(): Promise<void> {}
}
