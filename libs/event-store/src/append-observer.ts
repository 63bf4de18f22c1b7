/** How an append ended: written (or a recognised repeat), lost a race, or broke. */
export type AppendOutcome = 'appended' | 'conflict' | 'error';

/** Watches appends for metrics; called on the hot path, so keep it cheap. */
export interface AppendObserver {
  observeAppend(outcome: AppendOutcome, durationMs: number): void;
}

/** Optional provider of an {@link AppendObserver} (metrics). */
export const APPEND_OBSERVER = Symbol('APPEND_OBSERVER');
