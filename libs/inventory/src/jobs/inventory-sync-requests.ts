import { randomUUID } from 'node:crypto';

import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';

import { INVENTORY_QUEUE } from '@app/queue';

import { InventorySyncJob, inventorySyncJobId } from './inventory-sync-job';
import { SyncStatus } from './sync-status';
import { SyncStatusStore } from './sync-status-store';

const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'paused']);

export interface RequestedSync {
  readonly status: SyncStatus;
  /** True when the request joined a sync already queued or running. */
  readonly reused: boolean;
}

/**
 * Queues inventory syncs for the worker; never talks to Graph. At most
 * one sync per tenant is queued or running at a time.
 */
@Injectable()
export class InventorySyncRequests {
  private readonly logger = new Logger(InventorySyncRequests.name);

  constructor(
    @InjectQueue(INVENTORY_QUEUE)
    private readonly queue: Queue<InventorySyncJob>,
    private readonly statuses: SyncStatusStore,
  ) {}

  async request(tenantId: string, requestedBy: string): Promise<RequestedSync> {
    const jobId = inventorySyncJobId(tenantId);
    const live = await this.liveJob(jobId);
    if (live) return { status: await this.statusOf(live), reused: true };

    const syncId = randomUUID();
    await this.queue.add(
      { tenantId, syncId, requestedBy },
      { jobId, removeOnComplete: true, removeOnFail: true },
    );
    // A concurrent request may have added the job first; Bull then kept
    // theirs, so the job's own data says whose sync runs.
    const job = await this.queue.getJob(jobId);
    const ownerId = job?.data.syncId ?? syncId;
    const status = job
      ? await this.statusOf(job)
      : ((await this.statuses.get(tenantId, syncId)) ??
        queued(tenantId, syncId, requestedBy));
    this.logger.log({ tenantId, syncId: ownerId }, 'inventory sync requested');
    return { status, reused: ownerId !== syncId };
  }

  private async liveJob(jobId: string) {
    const job = await this.queue.getJob(jobId);
    if (!job) return undefined;
    if (LIVE_STATES.has(await job.getState())) return job;
    // Finished jobs are removed on completion; one left behind (removal
    // failed) would block every later sync of the tenant. Gone already
    // is just as good, so a failed removal is not an error.
    await job.remove().catch(() => undefined);
    return undefined;
  }

  private async statusOf(job: Job<InventorySyncJob>): Promise<SyncStatus> {
    const { tenantId, syncId, requestedBy } = job.data;
    const fresh = queued(tenantId, syncId, requestedBy, job.timestamp);
    await this.statuses.saveIfAbsent(fresh);
    return (await this.statuses.get(tenantId, syncId)) ?? fresh;
  }
}

function queued(
  tenantId: string,
  syncId: string,
  requestedBy: string,
  at = Date.now(),
): SyncStatus {
  return {
    syncId,
    tenantId,
    status: 'queued',
    requestedBy,
    requestedAt: new Date(at).toISOString(),
  };
}
