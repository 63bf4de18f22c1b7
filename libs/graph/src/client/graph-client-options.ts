import { AppConfig } from '@app/config';

/** Observations for metrics; called on the hot path, so keep them cheap. */
export interface GraphClientHooks {
  /** A throttled or failed attempt is about to be retried after `delayMs`. */
  onRetryWait?(event: {
    tenantId: string;
    /** HTTP status, or `undefined` for a connection failure or timeout. */
    status?: number;
    attempt: number;
    delayMs: number;
    fromRetryAfter: boolean;
  }): void;
  /** A request waited `delayMs` for a slot of the tenant's rate limit. */
  onRateLimitWait?(event: { tenantId: string; delayMs: number }): void;
}

/** Everything the client can be tuned with. */
export interface GraphClientOptions {
  /** Graph root including the version, e.g. `https://graph.microsoft.com/beta`. */
  readonly baseUrl: string;
  /** Token authority, e.g. `https://login.microsoftonline.com`. */
  readonly authorityHost: string;
  /**
   * Scope asked for in the client-credentials grant; default derived
   * from `baseUrl` (Graph hosts) or `https://graph.microsoft.com/.default`
   * (the simulator, which stands in for Graph's resource).
   */
  readonly tokenScope?: string;
  /** Requests per tenant per `rateWindowMs`, shared by every worker. */
  readonly rateLimit: number;
  readonly rateWindowMs: number;
  /** Attempts per request, the first included, before giving up. */
  readonly maxAttempts: number;
  /** Backoff when no `Retry-After` came: full jitter up to these bounds. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** A `Retry-After` longer than this ends the retries at once. */
  readonly maxRetryAfterMs: number;
  /** One attempt, headers and body, must finish within this. */
  readonly requestTimeoutMs: number;
  /** Tokens are renewed this long before they expire. */
  readonly tokenRefreshMarginMs: number;
  /** The `fetch` to use (e.g. one with a custom TLS dispatcher). */
  readonly fetch?: typeof fetch;
  readonly hooks?: GraphClientHooks;
}

export const DEFAULT_GRAPH_CLIENT_OPTIONS = {
  rateWindowMs: 20_000,
  maxAttempts: 6,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  maxRetryAfterMs: 120_000,
  requestTimeoutMs: 30_000,
  tokenRefreshMarginMs: 5 * 60_000,
} satisfies Partial<GraphClientOptions>;

/** Options from the process configuration, with `overrides` on top. */
export function graphClientOptionsFrom(
  config: Pick<
    AppConfig,
    'graphBaseUrl' | 'graphAuthorityHost' | 'graphRequestsPer20s'
  >,
  overrides: Partial<GraphClientOptions> = {},
): GraphClientOptions {
  return {
    ...DEFAULT_GRAPH_CLIENT_OPTIONS,
    baseUrl: config.graphBaseUrl,
    authorityHost: config.graphAuthorityHost,
    rateLimit: config.graphRequestsPer20s,
    ...overrides,
  };
}

/** The `.default` scope of the Graph resource the base URL points at. */
export function defaultTokenScope(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.protocol === 'https:' && /(^|\.)graph\./.test(url.hostname)
    ? `${url.origin}/.default`
    : 'https://graph.microsoft.com/.default';
}
