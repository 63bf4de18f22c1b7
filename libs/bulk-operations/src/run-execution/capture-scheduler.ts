import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';

import { AppConfig } from '@app/config';
import { CAPTURE_QUEUE } from '@app/queue';

import { CaptureJob, captureJobId } from './capture-job';

/**
 * Jobs per `addBulk`. One MULTI of a thousand jobs keeps every worker
 * waiting until the last is added; in chunks, the first run while the
 * rest are added.
 */
const CHUNK = 50;

/** States in which a job will still run (or is running). */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'paused']);

/**
 * Adds capture jobs. Bull ignores an add whose job id exists, so
 * scheduling the same item twice while its job lives is harmless (a saga
 * that stopped half-way through a run's chunks adds them all again); once
 * a job is gone, the outcome check in the stream is the real guard.
 */
@Injectable()
export class CaptureScheduler {
  constructor(
    @InjectQueue(CAPTURE_QUEUE) private readonly queue: Queue<CaptureJob>,
    private readonly config: AppConfig,
  ) {}

  async schedule(jobs: readonly CaptureJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += CHUNK) {
      await this.queue.addBulk(
        jobs.slice(i, i + CHUNK).map((data) => ({
          data,
          opts: {
            jobId: captureJobId(data.runId, data.policyId),
            attempts: this.config.captureAttempts,
            backoff: {
              type: 'exponential',
              delay: this.config.captureBackoffMs,
            },
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
    }
  }

  /** True when the item's job is waiting, delayed or running. */
  async isLive(runId: string, policyId: string): Promise<boolean> {
    const job = await this.queue.getJob(captureJobId(runId, policyId));
    if (!job) return false;
    return LIVE_STATES.has(await job.getState());
  }

  /** Re-adds an item whose job is gone or finished without an outcome. */
  async reschedule(job: CaptureJob): Promise<void> {
    const existing = await this.queue.getJob(
      captureJobId(job.runId, job.policyId),
    );
    if (existing && LIVE_STATES.has(await existing.getState())) return;
    await existing?.remove();
    await this.schedule([job]);
  }
}
