/** Longest wait any `Retry-After` may impose on us; beyond it we give up. */
export const MAX_RETRY_AFTER_MS = 180_000;

/**
 * Reads a `Retry-After` header: delay seconds (fractional too, as Intune
 * sends `2.128`) or an HTTP date. Returns milliseconds, or `undefined`
 * when absent or unreadable so the caller falls back to backoff.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.min(Math.ceil(Number(text) * 1000), MAX_RETRY_AFTER_MS);
  }
  // Date.parse accepts bare numbers like `-1` as years: demand a day name.
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

export interface BackoffPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Exponential backoff with full jitter: a uniform delay in
 * [0, min(max, base * 2^(attempt-1))], so workers throttled together do
 * not come back together.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** Math.max(0, attempt - 1),
  );
  return Math.floor(random() * ceiling);
}
