import { getQueueToken } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { Gauge, Registry } from 'prom-client';

import { CAPTURE_QUEUE, INVENTORY_QUEUE } from '@app/queue';

const QUEUES = [CAPTURE_QUEUE, INVENTORY_QUEUE];
const STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

/**
 * Jobs per queue and state, read from Redis on each scrape so the numbers
 * are the queue's, not this process's. Processes without the queues
 * report nothing.
 */
@Injectable()
export class QueueMetricsCollector {
  private readonly logger = new Logger(QueueMetricsCollector.name);
  private queues?: Queue[];

  constructor(
    registry: Registry,
    private readonly moduleRef: ModuleRef,
  ) {
    const gauge: Gauge<'queue' | 'state'> = new Gauge({
      name: 'bulkops_queue_jobs',
      help: 'Bull jobs by queue and state (waiting, delayed, active, failed).',
      labelNames: ['queue', 'state'],
      registers: [registry],
      collect: () => this.collect(gauge),
    });
  }

  private async collect(gauge: Gauge<'queue' | 'state'>): Promise<void> {
    gauge.reset();
    for (const queue of this.registeredQueues()) {
      try {
        const counts = await queue.getJobCounts();
        for (const state of STATES) {
          gauge.set({ queue: queue.name, state }, counts[state] ?? 0);
        }
      } catch (error) {
        this.logger.warn({ err: error, queue: queue.name }, 'queue unreadable');
      }
    }
  }

  private registeredQueues(): Queue[] {
    this.queues ??= QUEUES.flatMap((name) => {
      try {
        return [
          this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
        ];
      } catch {
        return [];
      }
    });
    return this.queues;
  }
}
