import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import Bull from 'bull';

import { AppConfig, AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { PolicyCaptureService, PolicyType, SnapshotStore } from '@app/graph';
import { RedisModule } from '@app/redis';
import { TenantGraphModule } from '@app/tenant-graph';

/** A job of the baseline: everything the capture needs, nothing else. */
export interface FanOutJob {
  readonly tenantId: string;
  readonly policyType: PolicyType;
  readonly graphId: string;
}

export type FanOutMessage =
  | { readonly kind: 'ready' }
  | { readonly kind: 'done'; readonly failed: number };

/**
 * The end-to-end baseline, a process of its own like the worker: the same
 * Bull queue library on the same Redis, the same Graph client, capture
 * strategies and snapshot table, the worker's concurrency; no event store,
 * no projections, no saga. The parent sends the jobs; this process enqueues
 * them in one bulk add and reports when every one has finished.
 */
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(
    {
      module: class FanOutModule {},
      imports: [
        AppConfigModule.forRoot(),
        DatabaseModule,
        RedisModule,
        TenantGraphModule,
      ],
    },
    { logger: ['error'] },
  );
  const config = app.get(AppConfig);
  const capture = app.get(PolicyCaptureService);
  const snapshots = app.get(SnapshotStore);
  const queue = new Bull<FanOutJob>('bench-fan-out', config.redisUrl, {
    prefix: `${config.redisPrefix}:bull`,
  });
  let expected = 0;
  let finished = 0;
  let failed = 0;
  const settle = () => {
    finished++;
    if (finished === expected) {
      process.send?.({ kind: 'done', failed } satisfies FanOutMessage);
    }
  };
  queue.on('completed', settle);
  queue.on('failed', () => {
    failed++;
    settle();
  });
  void queue.process(config.workerConcurrency, async (job) => {
    const snapshot = await capture.capturePolicy(
      job.data.tenantId,
      { policyType: job.data.policyType, graphId: job.data.graphId },
      { includeAssignments: true },
    );
    await snapshots.save(snapshot);
  });
  process.on('message', (jobs: FanOutJob[]) => {
    expected = jobs.length;
    void queue.addBulk(
      jobs.map((data, i) => ({
        data,
        opts: { jobId: `fan-out:${i}`, removeOnComplete: true },
      })),
    );
  });
  process.send?.({ kind: 'ready' } satisfies FanOutMessage);
}

void main();
