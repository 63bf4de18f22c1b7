/** Tunables of capture execution, from the environment. */
export interface RunExecutionOptions {
  /** Bull attempts per item for retryable failures. */
  readonly attempts: number;
  /** First backoff between attempts; doubles each time. */
  readonly backoffMs: number;
  /** A capture that takes longer is aborted (AbortController). */
  readonly captureTimeoutMs: number;
  /** How often the reconciler looks for items with neither outcome nor job. */
  readonly reconcileIntervalMs: number;
  /** Runs younger than this are left to the saga. */
  readonly reconcileGraceMs: number;
  /** Bull lock and stall settings: a dead worker's jobs resume within about lock + stall interval. */
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
}

export const RUN_EXECUTION_OPTIONS = Symbol('RUN_EXECUTION_OPTIONS');

const number = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer (got "${raw}")`);
  }
  return value;
};

export function runExecutionOptionsFromEnv(): RunExecutionOptions {
  return {
    attempts: number('CAPTURE_ATTEMPTS', 5),
    backoffMs: number('CAPTURE_BACKOFF_MS', 2000),
    captureTimeoutMs: number('CAPTURE_TIMEOUT_MS', 120_000),
    reconcileIntervalMs: number('RECONCILE_INTERVAL_MS', 30_000),
    reconcileGraceMs: number('RECONCILE_GRACE_MS', 30_000),
    lockDurationMs: number('QUEUE_LOCK_DURATION_MS', 15_000),
    stalledIntervalMs: number('QUEUE_STALLED_INTERVAL_MS', 10_000),
  };
}
