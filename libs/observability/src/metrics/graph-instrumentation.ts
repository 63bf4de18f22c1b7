import type { GraphClientOptions } from '@app/graph';

import { CorrelationContext } from '../correlation/correlation-context';
import { GraphMetrics } from './graph-metrics';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Graph client options that count requests and waits, and send the
 * current correlation id as `client-request-id`, so Microsoft's request
 * logs and ours share an id. Graph expects a GUID there: a correlation id
 * that is not one (a caller's own `x-request-id`) keeps the client's
 * per-request id, and the log lines still carry the correlation id.
 */
export function graphClientInstrumentation(
  metrics: GraphMetrics,
  correlation: CorrelationContext,
  baseFetch: typeof fetch = fetch,
): Partial<GraphClientOptions> {
  const instrumented: typeof fetch = async (input, init) => {
    const endpoint = isTokenRequest(input) ? 'token' : 'graph';
    const correlationId = correlation.current()?.correlationId;
    let request = init;
    if (endpoint === 'graph' && correlationId && UUID.test(correlationId)) {
      const headers = new Headers(init?.headers);
      headers.set('client-request-id', correlationId);
      request = { ...init, headers };
    }
    try {
      const response = await baseFetch(input, request);
      metrics.request(endpoint, response.status);
      return response;
    } catch (error) {
      metrics.request(endpoint, 'network_error');
      throw error;
    }
  };
  return {
    fetch: instrumented,
    hooks: {
      onRetryWait: ({ status, delayMs, fromRetryAfter }) =>
        metrics.waited(
          status === 429 || fromRetryAfter ? 'throttled' : 'retry',
          delayMs,
        ),
      onRateLimitWait: ({ delayMs }) => metrics.waited('rate_limit', delayMs),
    },
  };
}

function isTokenRequest(input: Parameters<typeof fetch>[0]): boolean {
  const url =
    typeof input === 'string'
      ? input
      : input instanceof URL
        ? input.href
        : input.url;
  return url.includes('/oauth2/');
}
