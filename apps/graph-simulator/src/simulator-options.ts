import { SimulatedPolicyType } from './seed/seeded-policy';

/** How a 429 tells the client when to come back. */
export type RetryAfterStyle = 'seconds' | 'date' | 'none';

/** Intune-like request budget per tenant. */
export interface ThrottleOptions {
  /** Requests allowed per window (Intune: 1,000 per 20 s per app). */
  readonly budget: number;
  /** Window length; default 20,000 ms. */
  readonly windowMs?: number;
  /** `sliding` (default) counts the last `windowMs`; `fixed` resets on boundaries. */
  readonly window?: 'sliding' | 'fixed';
  /** Default `seconds`: fractional seconds until a slot frees, like `2.128`. */
  readonly retryAfter?: RetryAfterStyle;
  /** A fixed wait to announce instead of the time until a slot frees. */
  readonly retryAfterMs?: number;
}

/** A fault forced onto one request (see `FaultOptions.sequence`). */
export type FaultKind =
  | 'none'
  | 'throttle'
  | 'serverError'
  | 'serviceUnavailable'
  | 'hang'
  | 'reset'
  | 'malformed';

/** One step of a fault sequence, optionally with its details. */
export type FaultStep =
  | FaultKind
  | {
      readonly kind: 'throttle';
      readonly retryAfter?: RetryAfterStyle;
      /** Default `throttle.retryAfterMs`, else 1,000 ms. */
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'serverError'; readonly status?: number };

/**
 * Faults for one tenant's Graph requests (never the token endpoint).
 * Rates are decided by hashing seed, tenant, request path and the how-many-th
 * request to that path it is: a run with the same requests sees the same
 * faults whatever the interleaving, and a retry gets a fresh draw.
 */
export interface FaultOptions {
  /** Added before every answer: fixed, or uniform in `[min, max]`. */
  readonly latencyMs?: number | { readonly min: number; readonly max: number };
  readonly throttle?: ThrottleOptions;
  /** Probability of a 5xx (500, 502, 503 or 504). */
  readonly serverErrorRate?: number;
  /** Probability of a 503 `ServiceUnavailable`. */
  readonly serviceUnavailableRate?: number;
  /** Probability that a request is never answered. */
  readonly hangRate?: number;
  /** Probability that the socket is destroyed instead of answered. */
  readonly resetRate?: number;
  /** Probability of a 200 whose JSON body is cut in half. */
  readonly malformedRate?: number;
  /** Probability that an object listed is deleted right after the list. */
  readonly deleteAfterListRate?: number;
  /**
   * Faults for the next Graph requests, in order, before rates apply;
   * `'throttle'` answers 429 in the configured `retryAfter` style.
   */
  readonly sequence?: readonly FaultStep[];
  /** Only requests whose path (below `/beta`) contains this see `sequence`. */
  readonly sequencePathContains?: string;
}

export interface TenantSpec {
  /** Entra tenant id; default derived from the seed and position. */
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Policies of each type, default 3; a number or per type. */
  readonly policiesPerType?:
    number | Partial<Record<SimulatedPolicyType, number>>;
  readonly faults?: FaultOptions;
}

export interface GraphSimulatorOptions {
  /** 0 (default) picks a free port. The server binds 127.0.0.1 only. */
  readonly port?: number;
  /** Serve https with a development certificate for 127.0.0.1/localhost. */
  readonly https?: boolean;
  /** PEM files to use instead of a generated certificate. */
  readonly certificate?: {
    readonly certFile: string;
    readonly keyFile: string;
  };
  /** Same seed, same tenants, ids and data. Default 1. */
  readonly seed?: number;
  /** Default: one tenant with generated credentials. */
  readonly tenants?: readonly TenantSpec[];
  /** Faults for tenants whose spec has none. */
  readonly faults?: FaultOptions;
  /** Default page size 25; `$top` is honoured up to `maxPageSize` (999). */
  readonly pageSize?: number;
  readonly maxPageSize?: number;
  /** Access token lifetime, default 3,599 s. */
  readonly tokenLifetimeSeconds?: number;
}
