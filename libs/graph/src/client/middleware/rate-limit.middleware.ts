import { Context } from '@microsoft/microsoft-graph-client';

import { GraphCaptureError } from '../../errors';
import { GraphRequestState } from '../graph-request-state';
import { TenantRateLimiter } from '../rate-limit/tenant-rate-limiter';
import { ChainedMiddleware } from './chained-middleware';

/** Waits for a slot of the tenant's shared budget before each attempt. */
export class RateLimitMiddleware extends ChainedMiddleware {
  constructor(private readonly limiter: TenantRateLimiter) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const state = GraphRequestState.of(context);
    try {
      await this.limiter.acquire(state.tenantId, state.signal);
    } catch (error) {
      if (state.signal?.aborted) {
        throw new GraphCaptureError('transient', 'Graph request aborted');
      }
      throw new GraphCaptureError(
        'transient',
        'rate limiter unavailable',
        {},
        { cause: error },
      );
    }
    await this.next(context);
  }
}
