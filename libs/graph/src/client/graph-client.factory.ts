import { Client } from '@microsoft/microsoft-graph-client';

import { AccessTokenProvider } from './auth/access-token-provider';
import { GraphCredentialsSource } from './auth/graph-credentials-source';
import { defaultTokenScope, GraphClientOptions } from './graph-client-options';
import { GraphTenantClient } from './graph-tenant-client';
import { AuthMiddleware } from './middleware/auth.middleware';
import { FetchMiddleware } from './middleware/fetch.middleware';
import { RateLimitMiddleware } from './middleware/rate-limit.middleware';
import { RequestStateMiddleware } from './middleware/request-state.middleware';
import { RetryMiddleware } from './middleware/retry.middleware';
import { TimeoutMiddleware } from './middleware/timeout.middleware';
import { TenantRateLimiter } from './rate-limit/tenant-rate-limiter';

/**
 * Builds the one SDK client of the process on the project's own chain:
 * request state → retry → auth → rate limit → timeout → fetch. Retry sits
 * before auth so a retried attempt can pick up a renewed token, and before
 * the limiter so every attempt spends a slot of the tenant's budget.
 */
export class GraphClientFactory {
  private readonly sdk: Client;
  readonly tokens: AccessTokenProvider;

  constructor(
    private readonly options: GraphClientOptions,
    credentials: GraphCredentialsSource,
    limiter: TenantRateLimiter,
  ) {
    this.tokens = new AccessTokenProvider(credentials, {
      authorityHost: options.authorityHost,
      scope: options.tokenScope ?? defaultTokenScope(options.baseUrl),
      refreshMarginMs: options.tokenRefreshMarginMs,
      timeoutMs: options.requestTimeoutMs,
      fetch: options.fetch,
    });
    this.sdk = Client.initWithMiddleware({
      baseUrl: options.baseUrl,
      // The version is part of `baseUrl`; paths are joined onto it.
      defaultVersion: '',
      middleware: [
        new RequestStateMiddleware(),
        new RetryMiddleware(options),
        new AuthMiddleware(this.tokens),
        new RateLimitMiddleware(limiter),
        new TimeoutMiddleware(options.requestTimeoutMs),
        new FetchMiddleware(options.fetch),
      ],
    });
  }

  /** A client bound to one tenant; cheap, create one per job. */
  forTenant(tenantId: string): GraphTenantClient {
    return new GraphTenantClient(this.sdk, this.options.baseUrl, tenantId);
  }
}
