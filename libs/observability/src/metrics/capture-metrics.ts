import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/** One recorded item outcome; labels come from closed sets. */
export interface CaptureObservation {
  /** A known policy type, or `unknown` when the policy left the inventory. */
  readonly policyType: string;
  readonly outcome: 'captured' | 'failed';
  /** The stable reason code of a failure. */
  readonly reasonCode?: string;
  readonly seconds: number;
}

/** Items captured and failed, and how long captures take. */
@Injectable()
export class CaptureMetrics {
  private readonly captured: Counter<'policy_type'>;
  private readonly failed: Counter<'policy_type' | 'reason'>;
  private readonly duration: Histogram<'policy_type' | 'outcome'>;

  constructor(registry: Registry) {
    this.captured = new Counter({
      name: 'bulkops_items_captured_total',
      help: 'Run items captured, by policy type.',
      labelNames: ['policy_type'],
      registers: [registry],
    });
    this.failed = new Counter({
      name: 'bulkops_items_failed_total',
      help: 'Run items failed, by policy type and reason code.',
      labelNames: ['policy_type', 'reason'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'bulkops_capture_duration_seconds',
      help: 'Time to capture one item (Graph reads and snapshot), last attempt.',
      labelNames: ['policy_type', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    });
  }

  observe(item: CaptureObservation): void {
    const policy_type = item.policyType;
    if (item.outcome === 'captured') {
      this.captured.inc({ policy_type });
    } else {
      this.failed.inc({ policy_type, reason: item.reasonCode ?? 'unknown' });
    }
    this.duration.observe({ policy_type, outcome: item.outcome }, item.seconds);
  }
}
