import { ThrottleOptions } from '../simulator-options';

export const DEFAULT_THROTTLE_WINDOW_MS = 20_000;

/**
 * A per-tenant request budget like Intune's. `take` answers `undefined`
 * when the request fits, else the milliseconds until one would.
 * Rejected requests do not use up budget.
 */
export class RequestBudget {
  private readonly windowMs: number;
  private readonly sliding: boolean;
  // Sliding: acceptance times, oldest first, in a ring of `budget` slots.
  private readonly accepted: number[] = [];
  private head = 0;
  // Fixed: the current window's start and how many it accepted.
  private windowStart = 0;
  private used = 0;

  constructor(private readonly options: ThrottleOptions) {
    this.windowMs = options.windowMs ?? DEFAULT_THROTTLE_WINDOW_MS;
    this.sliding = (options.window ?? 'sliding') === 'sliding';
  }

  take(now: number): number | undefined {
    const budget = this.options.budget;
    if (!this.sliding) {
      if (now - this.windowStart >= this.windowMs) {
        this.windowStart = now - ((now - this.windowStart) % this.windowMs);
        this.used = 0;
      }
      if (this.used < budget) {
        this.used += 1;
        return undefined;
      }
      return this.windowStart + this.windowMs - now;
    }
    if (this.accepted.length < budget) {
      this.accepted.push(now);
      return undefined;
    }
    if (budget === 0) return this.windowMs;
    const oldest = this.accepted[this.head];
    if (now - oldest >= this.windowMs) {
      this.accepted[this.head] = now;
      this.head = (this.head + 1) % budget;
      return undefined;
    }
    return oldest + this.windowMs - now;
  }
}
