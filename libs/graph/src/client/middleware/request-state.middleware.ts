import { Context } from '@microsoft/microsoft-graph-client';

import { classifyNetworkError, pathOf } from '../../errors';
import { GraphRequestState } from '../graph-request-state';
import { ChainedMiddleware } from './chained-middleware';

/**
 * First in the chain: sends the exact URL the caller resolved (the SDK
 * mangles absolute `http://` nextLinks), sets `client-request-id`, and
 * records any failure where the caller can read it back.
 */
export class RequestStateMiddleware extends ChainedMiddleware {
  async execute(context: Context): Promise<void> {
    const state = GraphRequestState.of(context);
    context.request = state.url;
    const options = (context.options ??= {});
    const headers = new Headers(
      options.headers as ConstructorParameters<typeof Headers>[0],
    );
    headers.set('client-request-id', state.clientRequestId);
    headers.set('accept', 'application/json');
    options.headers = headers;
    try {
      await this.next(context);
    } catch (error) {
      state.failure = classifyNetworkError(
        error,
        `Graph GET ${pathOf(state.url)}`,
      );
      throw error;
    }
  }
}
