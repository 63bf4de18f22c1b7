import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

import type { AppendObserver, AppendOutcome } from '@app/event-store';

/** Append latency by outcome, and optimistic-concurrency conflicts. */
@Injectable()
export class EventStoreMetrics implements AppendObserver {
  private readonly duration: Histogram<'outcome'>;
  private readonly conflicts: Counter;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'bulkops_event_store_append_duration_seconds',
      help: 'Event store append latency, by outcome (appended, conflict, error).',
      labelNames: ['outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    });
    this.conflicts = new Counter({
      name: 'bulkops_event_store_append_conflicts_total',
      help: 'Appends refused because the stream was not at the expected revision.',
      registers: [registry],
    });
  }

  observeAppend(outcome: AppendOutcome, durationMs: number): void {
    this.duration.observe({ outcome }, durationMs / 1000);
    if (outcome === 'conflict') this.conflicts.inc();
  }
}
