import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** `completed_with_errors` is a completion with failed items. */
export type RunTransition =
  'requested' | 'started' | 'completed' | 'completed_with_errors' | 'failed';

/** Run lifecycle transitions, counted where their events are appended. */
@Injectable()
export class RunMetrics {
  private readonly transitions: Counter<'transition'>;

  constructor(registry: Registry) {
    this.transitions = new Counter({
      name: 'bulkops_run_transitions_total',
      help: 'Run lifecycle events appended, by transition.',
      labelNames: ['transition'],
      registers: [registry],
    });
  }

  transition(transition: RunTransition): void {
    this.transitions.inc({ transition });
  }
}
