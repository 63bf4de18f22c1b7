import { Process, Processor } from '@nestjs/bull';
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Job } from 'bull';

import { GraphCaptureError, sanitizeMessage } from '@app/graph';
import { INVENTORY_QUEUE } from '@app/queue';

import { InventorySync } from '../sync/inventory-sync';
import { InventorySyncJob } from './inventory-sync-job';
import { SyncStatusStore } from './sync-status-store';

/** A sync that runs longer is stuck; Graph calls in flight are aborted. */
const SYNC_TIMEOUT_MS = 10 * 60_000;

/**
 * Runs inventory sync jobs. Bull may deliver a job twice (a stalled
 * worker); a sync is idempotent, so running it again is harmless.
 */
@Processor(INVENTORY_QUEUE)
export class InventorySyncProcessor implements OnApplicationShutdown {
  private readonly logger = new Logger(InventorySyncProcessor.name);
  private readonly shutdown = new AbortController();

  constructor(
    private readonly sync: InventorySync,
    private readonly statuses: SyncStatusStore,
  ) {}

  @Process()
  async handleInventorySync(job: Job<InventorySyncJob>): Promise<string> {
    const { tenantId, syncId, requestedBy } = job.data;
    const base = {
      syncId,
      tenantId,
      requestedBy,
      requestedAt: new Date(job.timestamp).toISOString(),
      startedAt: new Date().toISOString(),
    };
    await this.statuses.save({ ...base, status: 'running' });

    const signal = AbortSignal.any([
      this.shutdown.signal,
      AbortSignal.timeout(SYNC_TIMEOUT_MS),
    ]);
    try {
      const result = await this.sync.syncTenant(tenantId, { signal });
      await this.statuses.save({
        ...base,
        status: result.status,
        finishedAt: new Date().toISOString(),
        types: result.types,
      });
      return result.status;
    } catch (error) {
      const code = error instanceof GraphCaptureError ? error.code : 'internal';
      const message = sanitizeMessage(
        error instanceof Error ? error.message : String(error),
      );
      // A Graph error's cause may hold what its sanitised message leaves
      // out, so only the message is logged for those.
      this.logger.error(
        error instanceof GraphCaptureError
          ? { tenantId, syncId, code, reason: message }
          : { tenantId, syncId, code, err: error },
        'inventory sync failed',
      );
      await this.statuses.save({
        ...base,
        status: 'failed',
        finishedAt: new Date().toISOString(),
        error: { code, message },
      });
      throw error;
    }
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }
}
