import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** Why a Graph request waited: Graph throttled it, it is retried, or our own limiter. */
export type GraphWaitReason = 'throttled' | 'retry' | 'rate_limit';

/**
 * Graph requests by status and time spent waiting. No tenant label: the
 * number of tenants is not bounded by configuration.
 */
@Injectable()
export class GraphMetrics {
  private readonly requests: Counter<'endpoint' | 'status'>;
  private readonly waits: Counter<'reason'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'bulkops_graph_requests_total',
      help: 'HTTP requests to Graph (`graph`) and its token endpoint (`token`), by status code; `network_error` when no answer came.',
      labelNames: ['endpoint', 'status'],
      registers: [registry],
    });
    this.waits = new Counter({
      name: 'bulkops_graph_wait_seconds_total',
      help: 'Seconds Graph requests spent waiting before an attempt, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    });
  }

  request(endpoint: 'graph' | 'token', status: number | 'network_error') {
    this.requests.inc({ endpoint, status: String(status) });
  }

  waited(reason: GraphWaitReason, ms: number): void {
    if (ms > 0) this.waits.inc({ reason }, ms / 1000);
  }
}
