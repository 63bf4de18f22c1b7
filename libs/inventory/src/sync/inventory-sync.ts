import { Injectable, Logger } from '@nestjs/common';

import {
  CaptureStrategyRegistry,
  GraphCaptureError,
  GraphClientFactory,
  GraphTenantClient,
} from '@app/graph';
import {
  isPolicyType,
  PolicyInventory,
  PolicyType,
  SeenPolicy,
} from '@app/reference-data';

import { toSeenPolicy } from './listed-policy';
import {
  InventorySyncResult,
  resultStatus,
  TypeSyncOutcome,
} from './sync-outcome';

/** Collections listed at once; the tenant's rate limiter paces the rest. */
const LISTING_CONCURRENCY = 4;

export interface InventorySyncOptions {
  /** Aborts Graph calls in flight (job timeout, shutdown). */
  readonly signal?: AbortSignal;
}

/**
 * Lists every policy type the inventory can hold from the tenant's Graph
 * and brings the inventory in line: listed policies are recorded, those a
 * successful listing no longer returns are marked vanished. Each type is
 * listed from the collection its capture strategy reads, which holds that
 * type only (app protection from its typed collection, not the mixed
 * `managedAppPolicies`), so no `@odata.type` needs mapping.
 */
@Injectable()
export class InventorySync {
  private readonly logger = new Logger(InventorySync.name);

  constructor(
    private readonly clients: GraphClientFactory,
    private readonly strategies: CaptureStrategyRegistry,
    private readonly inventory: PolicyInventory,
  ) {}

  /** Every capturable type; the inventory stores the same list. */
  get policyTypes(): PolicyType[] {
    return this.strategies.policyTypes.filter(isPolicyType);
  }

  /**
   * Syncs one tenant. A type whose listing fails keeps its rows as they
   * were; other failures (the database) reject.
   */
  async syncTenant(
    tenantId: string,
    options: InventorySyncOptions = {},
  ): Promise<InventorySyncResult> {
    const client = this.clients.forTenant(tenantId);
    const pending = [...this.policyTypes];
    const outcomes = new Map<PolicyType, TypeSyncOutcome>();
    const lane = async () => {
      for (let type = pending.shift(); type; type = pending.shift()) {
        outcomes.set(type, await this.syncType(client, type, options));
      }
    };
    await Promise.all(Array.from({ length: LISTING_CONCURRENCY }, lane));

    const types = this.policyTypes.map((type) => outcomes.get(type)!);
    const result = { tenantId, status: resultStatus(types), types };
    this.logger.log(
      {
        tenantId,
        status: result.status,
        failedTypes: types.filter((t) => !t.ok).map((t) => t.policyType),
      },
      'inventory synced',
    );
    return result;
  }

  private async syncType(
    client: GraphTenantClient,
    policyType: PolicyType,
    { signal }: InventorySyncOptions,
  ): Promise<TypeSyncOutcome> {
    const { collectionPath } = this.strategies.strategyFor(policyType);
    // Rows recorded below are stamped later than this, so only rows the
    // listing did not return are older (even if another sync overlaps).
    const listedFrom = new Date();
    let items;
    try {
      items = await client.list(collectionPath, { signal });
    } catch (error) {
      if (!(error instanceof GraphCaptureError)) throw error;
      return {
        policyType,
        ok: false,
        code: error.code,
        message: error.message,
      };
    }
    const seen = items
      .map((item) => toSeenPolicy(policyType, item))
      .filter((p): p is SeenPolicy => p !== undefined);
    await this.inventory.recordSeen(client.tenantId, seen);
    const vanished = await this.inventory.markVanished(
      client.tenantId,
      policyType,
      listedFrom,
    );
    return { policyType, ok: true, seen: seen.length, vanished };
  }
}
