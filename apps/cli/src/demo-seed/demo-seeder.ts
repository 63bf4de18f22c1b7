import { Injectable, Logger, Optional } from '@nestjs/common';

import { InventorySync } from '@app/inventory';
import {
  BackupSets,
  InventoryPolicy,
  PolicyInventory,
  Tenants,
} from '@app/reference-data';

import { demoPolicies } from './demo-policies';

export interface DemoSeedRequest {
  readonly tenantId: string;
  /** Made-up policies to create; with `syncFromGraph`, ids to print (all when unset). */
  readonly policies?: number;
  readonly displayName: string;
  readonly backupSetName: string;
  /** Default for a new tenant: the tenant id. */
  readonly entraTenantId?: string;
  /** When set, replace the credentials of an existing tenant too. */
  readonly graphClientId?: string;
  readonly graphClientSecret?: string;
  /** Fill the inventory from Graph (the simulator) instead of made-up rows. */
  readonly syncFromGraph?: boolean;
}

export interface DemoSeedResult {
  readonly tenantId: string;
  readonly backupSetId: string;
  readonly policyIds: string[];
}

/** Development Graph credentials; only a tenant synced from Graph needs real ones. */
export const DEMO_CLIENT_ID = '00000000-0000-4000-8000-00000000d3e0';
export const DEMO_CLIENT_SECRET = 'demo-client-secret';

const DEFAULT_POLICIES = 25;
const PAGE = 200;

/** Creates, or reuses, a demo tenant with a backup set and inventory. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly tenants: Tenants,
    private readonly backupSets: BackupSets,
    private readonly inventory: PolicyInventory,
    /** Present only in the context that reaches Graph. */
    @Optional() private readonly sync?: InventorySync,
  ) {}

  async seed(request: DemoSeedRequest): Promise<DemoSeedResult> {
    const { tenantId } = request;
    const existing = await this.tenants.findById(tenantId);
    if (!existing) {
      await this.tenants.create({
        id: tenantId,
        displayName: request.displayName,
        entraTenantId: request.entraTenantId ?? tenantId,
        graphClientId: request.graphClientId ?? DEMO_CLIENT_ID,
        graphClientSecret: request.graphClientSecret ?? DEMO_CLIENT_SECRET,
      });
    } else if (request.graphClientId || request.graphClientSecret) {
      await this.tenants.updateGraphCredentials(
        tenantId,
        request.graphClientId ?? existing.graphClientId,
        request.graphClientSecret ?? DEMO_CLIENT_SECRET,
        request.entraTenantId,
      );
    }

    const backupSet =
      (await this.backupSets.findActiveByName(
        tenantId,
        request.backupSetName,
      )) ??
      (await this.backupSets.create(
        tenantId,
        { name: request.backupSetName, description: 'Seeded for demos' },
        'demo-seed',
      ));

    const policies = request.syncFromGraph
      ? await this.syncFromGraph(tenantId, request.policies)
      : await this.inventory.recordSeen(
          tenantId,
          demoPolicies(tenantId, request.policies ?? DEFAULT_POLICIES),
        );
    this.logger.log(
      { tenantId, policies: policies.length, reused: Boolean(existing) },
      'demo tenant seeded',
    );
    return {
      tenantId,
      backupSetId: backupSet.id,
      policyIds: policies.map((policy) => policy.id),
    };
  }

  /** Syncs in-process, then returns the present policies, by name. */
  private async syncFromGraph(
    tenantId: string,
    limit = Number.MAX_SAFE_INTEGER,
  ): Promise<InventoryPolicy[]> {
    if (!this.sync) throw new Error('DemoSeeder was built without Graph');
    const result = await this.sync.syncTenant(tenantId);
    const failed = result.types.filter((t) => !t.ok);
    if (result.status === 'failed') {
      const reasons = [...new Set(failed.map((t) => t.message))];
      throw new Error(`inventory sync failed: ${reasons.join('; ')}`);
    }
    if (failed.length > 0) {
      this.logger.warn(
        { tenantId, failedTypes: failed.map((t) => t.policyType) },
        'some policy types could not be listed',
      );
    }
    const policies: InventoryPolicy[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.inventory.search(tenantId, {
        cursor,
        limit: PAGE,
      });
      policies.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && policies.length < limit);
    return policies.slice(0, limit);
  }
}
