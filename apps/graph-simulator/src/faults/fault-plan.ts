import { unitFrom } from '../seed/deterministic';
import { FaultOptions, FaultStep, RetryAfterStyle } from '../simulator-options';
import { RequestBudget } from './request-budget';
import { retryAfterHeader } from './retry-after';

export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'throttle'; readonly headers: Record<string, string> }
  | { readonly kind: 'serverError'; readonly status: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'malformed' };

const SERVER_ERRORS = [500, 502, 503, 504];
const DEFAULT_FORCED_WAIT_MS = 1_000;

/**
 * Decides the faults of one tenant's requests. Draws hash the seed, the
 * tenant, the request path and how many times that path was asked for,
 * so the same requests meet the same faults whatever their interleaving.
 */
export class FaultPlan {
  private readonly sequence: FaultStep[];
  private readonly budget?: RequestBudget;
  private readonly attempts = new Map<string, number>();

  constructor(
    readonly options: FaultOptions,
    private readonly seed: number,
    private readonly tenantId: string,
  ) {
    this.sequence = [...(options.sequence ?? [])];
    this.budget = options.throttle && new RequestBudget(options.throttle);
  }

  /** Counts the request and returns its draw key. */
  attempt(pathAndQuery: string): string {
    const count = (this.attempts.get(pathAndQuery) ?? 0) + 1;
    this.attempts.set(pathAndQuery, count);
    return `${pathAndQuery}#${count}`;
  }

  latencyMs(key: string): number {
    const latency = this.options.latencyMs;
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency;
    const unit = this.draw(key, 'latency');
    return Math.round(latency.min + unit * (latency.max - latency.min));
  }

  decide(key: string, path: string, now: number): FaultDecision {
    const filter = this.options.sequencePathContains;
    if (this.sequence.length && (!filter || path.includes(filter))) {
      return this.forced(this.sequence.shift()!, key, now);
    }
    const wait = this.budget?.take(now);
    if (wait !== undefined) {
      return this.throttled(this.options.throttle?.retryAfterMs ?? wait, now);
    }
    const o = this.options;
    if (this.hit(key, 'hang', o.hangRate)) return { kind: 'hang' };
    if (this.hit(key, 'reset', o.resetRate)) return { kind: 'reset' };
    if (this.hit(key, 'serverError', o.serverErrorRate)) {
      return { kind: 'serverError', status: this.serverStatus(key) };
    }
    if (this.hit(key, 'unavailable', o.serviceUnavailableRate)) {
      return { kind: 'serverError', status: 503 };
    }
    if (this.hit(key, 'malformed', o.malformedRate)) {
      return { kind: 'malformed' };
    }
    return { kind: 'none' };
  }

  deletesAfterList(id: string): boolean {
    return this.hit(id, 'deleteAfterList', this.options.deleteAfterListRate);
  }

  private forced(step: FaultStep, key: string, now: number): FaultDecision {
    const kind = typeof step === 'string' ? step : step.kind;
    switch (kind) {
      case 'throttle': {
        const detail: { retryAfterMs?: number; retryAfter?: RetryAfterStyle } =
          typeof step === 'object' && step.kind === 'throttle' ? step : {};
        return this.throttled(
          detail.retryAfterMs ??
            this.options.throttle?.retryAfterMs ??
            DEFAULT_FORCED_WAIT_MS,
          now,
          detail.retryAfter,
        );
      }
      case 'serverError': {
        const status =
          typeof step === 'object' && step.kind === 'serverError'
            ? step.status
            : undefined;
        return { kind, status: status ?? this.serverStatus(key) };
      }
      case 'serviceUnavailable':
        return { kind: 'serverError', status: 503 };
      case 'none':
      case 'hang':
      case 'reset':
      case 'malformed':
        return { kind };
    }
  }

  private throttled(
    waitMs: number,
    now: number,
    style = this.options.throttle?.retryAfter ?? 'seconds',
  ): FaultDecision {
    return { kind: 'throttle', headers: retryAfterHeader(style, waitMs, now) };
  }

  private serverStatus(key: string): number {
    const unit = this.draw(key, 'status');
    return SERVER_ERRORS[Math.floor(unit * SERVER_ERRORS.length)];
  }

  private hit(key: string, label: string, rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.draw(key, label) < rate;
  }

  private draw(key: string, label: string): number {
    return unitFrom(this.seed, this.tenantId, label, key);
  }
}
