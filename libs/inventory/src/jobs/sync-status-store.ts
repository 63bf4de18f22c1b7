import { Injectable } from '@nestjs/common';

import { RedisConnection } from '@app/redis';

import { SyncStatus } from './sync-status';

/** Long enough for a console to poll; syncs are not an audit trail. */
const STATUS_TTL_SECONDS = 24 * 60 * 60;

/**
 * Sync statuses in Redis, one key per tenant and sync, so a status is
 * found only under the tenant that requested it and outlives its Bull
 * job (which is removed when it finishes).
 */
@Injectable()
export class SyncStatusStore {
  constructor(private readonly redis: RedisConnection) {}

  async get(tenantId: string, syncId: string): Promise<SyncStatus | undefined> {
    const raw = await this.redis.client.get(this.key(tenantId, syncId));
    return raw ? (JSON.parse(raw) as SyncStatus) : undefined;
  }

  async save(status: SyncStatus): Promise<void> {
    await this.redis.client.set(
      this.key(status.tenantId, status.syncId),
      JSON.stringify(status),
      'EX',
      STATUS_TTL_SECONDS,
    );
  }

  /** Saves unless a status exists (the worker may have been quicker). */
  async saveIfAbsent(status: SyncStatus): Promise<void> {
    await this.redis.client.set(
      this.key(status.tenantId, status.syncId),
      JSON.stringify(status),
      'EX',
      STATUS_TTL_SECONDS,
      'NX',
    );
  }

  private key(tenantId: string, syncId: string): string {
    return this.redis.key('inventory-sync', tenantId, syncId);
  }
}
