import { Context } from '@microsoft/microsoft-graph-client';

import { classifyNetworkError } from '../../errors';
import { GraphRequestState } from '../graph-request-state';
import { ChainedMiddleware } from './chained-middleware';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Last in the chain: sends the request and reads the whole body while the
 * timeout's signal is still armed, so a stall mid-body is a timeout too
 * and a reset mid-body is retried like any other.
 */
export class FetchMiddleware extends ChainedMiddleware {
  constructor(private readonly fetchImpl: typeof fetch = fetch) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const state = GraphRequestState.of(context);
    if (state.stats) state.stats.requests += 1;
    try {
      const response = await this.fetchImpl(
        context.request,
        context.options as RequestInit,
      );
      const body = await response.arrayBuffer();
      context.response = new Response(
        NULL_BODY_STATUSES.has(response.status) ? null : body,
        {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        },
      );
    } catch (error) {
      // Let the timeout step tell its own aborts from the caller's.
      if ((context.options?.signal as AbortSignal | undefined)?.aborted) {
        throw error;
      }
      throw classifyNetworkError(error, 'Graph request');
    }
  }
}
