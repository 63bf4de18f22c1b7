import { Context } from '@microsoft/microsoft-graph-client';

import { GraphCaptureError } from '../../errors';
import { GraphRequestState } from '../graph-request-state';
import { ChainedMiddleware } from './chained-middleware';

/**
 * Bounds one attempt, body included, with an `AbortController`, so a hung
 * connection is torn down rather than left running. Also forwards the
 * caller's signal (a job timeout) to the socket.
 */
export class TimeoutMiddleware extends ChainedMiddleware {
  constructor(private readonly timeoutMs: number) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const state = GraphRequestState.of(context);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const options = (context.options ??= {});
    options.signal = state.signal
      ? AbortSignal.any([state.signal, controller.signal])
      : controller.signal;
    try {
      await this.next(context);
    } catch (error) {
      if (state.signal?.aborted) {
        throw new GraphCaptureError(
          'transient',
          'Graph request aborted',
          {},
          {
            cause: error,
          },
        );
      }
      if (controller.signal.aborted) {
        throw new GraphCaptureError(
          'transient',
          `Graph request timed out after ${this.timeoutMs} ms`,
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
