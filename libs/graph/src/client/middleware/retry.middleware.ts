import { Logger } from '@nestjs/common';
import { Context } from '@microsoft/microsoft-graph-client';

import { GraphCaptureError } from '../../errors';
import { abortableSleep } from '../abortable-sleep';
import { GraphClientHooks } from '../graph-client-options';
import { GraphRequestState } from '../graph-request-state';
import { backoffDelay, parseRetryAfter } from '../retry-after';
import { ChainedMiddleware } from './chained-middleware';

/**
 * Throttled, and server errors that say nothing about the request: Graph
 * documents 429, 503 and 504; 500 and 502 are retried too because every
 * capture read is an idempotent GET. 501 and 505 are permanent.
 */
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export interface RetryOptions {
  readonly maxAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  readonly maxRetryAfterMs: number;
  readonly hooks?: GraphClientHooks;
  readonly random?: () => number;
}

/**
 * Retries throttled (429) and server-error (500, 502-504) answers and
 * transient failures (resets, timeouts). Honours `Retry-After`, else backs
 * off with full jitter. Sits before auth and the rate limiter, so every
 * attempt takes a fresh slot and, if needed, a fresh token. When attempts
 * run out the last answer is left for the caller to classify.
 */
export class RetryMiddleware extends ChainedMiddleware {
  private readonly logger = new Logger(RetryMiddleware.name);

  constructor(private readonly options: RetryOptions) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const state = GraphRequestState.of(context);
    for (let attempt = 1; ; attempt++) {
      state.attempts = attempt;
      let delay: { ms: number; fromRetryAfter: boolean } | undefined;
      let status: number | undefined;
      try {
        context.response = undefined;
        await this.next(context);
        const response = context.response as Response | undefined;
        status = response?.status;
        if (status === undefined || !RETRY_STATUSES.has(status)) return;
        delay = this.delayFor(attempt, response?.headers);
        if (attempt >= this.options.maxAttempts || !delay) return;
      } catch (error) {
        if (!this.isRetryable(error, state)) throw error;
        if (attempt >= this.options.maxAttempts) throw error;
        delay = { ms: this.backoff(attempt), fromRetryAfter: false };
      }
      this.options.hooks?.onRetryWait?.({
        tenantId: state.tenantId,
        status,
        attempt,
        delayMs: delay.ms,
        fromRetryAfter: delay.fromRetryAfter,
      });
      this.logger.debug(
        `retrying ${state.clientRequestId} for tenant ${state.tenantId} after ${status ?? 'failure'}, attempt ${attempt}, waiting ${delay.ms} ms`,
      );
      await abortableSleep(delay.ms, state.signal).catch(() => {
        throw new GraphCaptureError('transient', 'Graph request aborted');
      });
    }
  }

  // Undefined means "do not retry": Graph asked for more than we allow.
  private delayFor(attempt: number, headers?: Headers) {
    const retryAfter = parseRetryAfter(headers?.get('retry-after'));
    if (retryAfter === undefined) {
      return { ms: this.backoff(attempt), fromRetryAfter: false };
    }
    if (retryAfter > this.options.maxRetryAfterMs) return undefined;
    return { ms: retryAfter, fromRetryAfter: true };
  }

  private backoff(attempt: number): number {
    return backoffDelay(
      attempt,
      {
        baseDelayMs: this.options.backoffBaseMs,
        maxDelayMs: this.options.backoffMaxMs,
      },
      this.options.random,
    );
  }

  private isRetryable(error: unknown, state: GraphRequestState): boolean {
    if (state.signal?.aborted) return false;
    // Includes a throttled token endpoint, which answers before Graph does.
    return error instanceof GraphCaptureError && error.retryable;
  }
}
