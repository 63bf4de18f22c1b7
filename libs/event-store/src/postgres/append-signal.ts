/** A wait that ends on a signal, a timeout or `cancel()`. */
export interface SignalWait {
  readonly done: Promise<void>;
  cancel(): void;
}

/**
 * Wakes waiting subscriptions when something may have been appended. The
 * generation lets a waiter notice a signal that came while it was reading.
 */
export class AppendSignal {
  private count = 0;
  private readonly waiters = new Set<() => void>();

  get generation(): number {
    return this.count;
  }

  notify(): void {
    this.count += 1;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Ends at once when a signal newer than `seen` already came. */
  wait(seen: number, timeoutMs: number): SignalWait {
    if (this.count !== seen) {
      return { done: Promise.resolve(), cancel: () => undefined };
    }
    let finish!: () => void;
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => finish(), timeoutMs);
      finish = () => {
        clearTimeout(timer);
        this.waiters.delete(finish);
        resolve();
      };
    });
    this.waiters.add(finish);
    return { done, cancel: finish };
  }
}
