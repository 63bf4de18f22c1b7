import { Registry } from 'prom-client';

import { CorrelationContext } from '../correlation/correlation-context';
import { graphClientInstrumentation } from './graph-instrumentation';
import { GraphMetrics } from './graph-metrics';

function setUp(correlationId?: string) {
  const registry = new Registry();
  const sent: Headers[] = [];
  const correlation = {
    current: () =>
      correlationId ? { correlationId, causationId: 'cause' } : undefined,
  } as CorrelationContext;
  const options = graphClientInstrumentation(
    new GraphMetrics(registry),
    correlation,
    async (_input, init) => {
      sent.push(new Headers(init?.headers));
      return new Response('{}', { status: 429 });
    },
  );
  return { registry, sent, fetch: options.fetch!, hooks: options.hooks! };
}

const GRAPH = 'https://graph.microsoft.com/beta/deviceManagement/intents';
const TOKEN = 'https://login.microsoftonline.com/t/oauth2/v2.0/token';
const RUN = '9b2f4c1e-3d5a-4e6f-8a7b-0c1d2e3f4a5b';

describe('Graph client instrumentation', () => {
  it('sends the correlation id as client-request-id on Graph calls', async () => {
    const { fetch, sent } = setUp(RUN);

    await fetch(GRAPH, { headers: { 'client-request-id': 'own' } });
    await fetch(TOKEN, { method: 'POST' });

    expect(sent[0].get('client-request-id')).toBe(RUN);
    expect(sent[1].get('client-request-id')).toBeNull();
  });

  it('keeps the per-request id when the correlation id is not a GUID', async () => {
    const { fetch, sent } = setUp('gateway:abc');

    await fetch(GRAPH, { headers: { 'client-request-id': 'own' } });

    expect(sent[0].get('client-request-id')).toBe('own');
  });

  it('counts requests by endpoint and status, and waits by reason', async () => {
    const { fetch, hooks, registry } = setUp();

    await fetch(GRAPH);
    hooks.onRetryWait?.({
      tenantId: 't',
      status: 429,
      attempt: 1,
      delayMs: 1500,
      fromRetryAfter: true,
    });
    hooks.onRateLimitWait?.({ tenantId: 't', delayMs: 250 });
    const text = await registry.metrics();

    expect(text).toContain(
      'bulkops_graph_requests_total{endpoint="graph",status="429"} 1',
    );
    expect(text).toContain(
      'bulkops_graph_wait_seconds_total{reason="throttled"} 1.5',
    );
    expect(text).toContain(
      'bulkops_graph_wait_seconds_total{reason="rate_limit"} 0.25',
    );
    expect(text).not.toContain('tenant');
  });
});
