import { Context } from '@microsoft/microsoft-graph-client';

import { AccessTokenProvider } from '../auth/access-token-provider';
import { GraphRequestState } from '../graph-request-state';
import { ChainedMiddleware } from './chained-middleware';

/**
 * Attaches the tenant's app-only token to every attempt, whatever the host
 * (the SDK's own step strips it from non-Graph hosts such as the
 * simulator). A 401 gets one more try with a newly acquired token.
 */
export class AuthMiddleware extends ChainedMiddleware {
  constructor(private readonly tokens: AccessTokenProvider) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const state = GraphRequestState.of(context);
    const token = await this.tokens.tokenFor(state.tenantId);
    this.authorize(context, token);
    await this.next(context);
    if (context.response?.status !== 401) return;

    const fresh = await this.tokens.tokenFor(state.tenantId, token);
    this.authorize(context, fresh);
    context.response = undefined;
    await this.next(context);
  }

  private authorize(context: Context, token: string): void {
    const headers = context.options?.headers;
    if (!(headers instanceof Headers)) {
      throw new Error('RequestStateMiddleware must run before auth');
    }
    headers.set('authorization', `Bearer ${token}`);
  }
}
