import { Injectable, Logger } from '@nestjs/common';

import { BackupSets, PolicyInventory, Tenants } from '@app/reference-data';

import { demoPolicies } from './demo-policies';

export interface DemoSeedRequest {
  readonly tenantId: string;
  readonly policies: number;
  readonly displayName: string;
  readonly backupSetName: string;
  readonly entraTenantId: string;
  /** When set, replaces the credentials of an existing tenant too. */
  readonly graphClientId?: string;
  readonly graphClientSecret?: string;
}

export interface DemoSeedResult {
  readonly tenantId: string;
  readonly backupSetId: string;
  readonly policyIds: string[];
}

/** Development Graph credentials; the simulator accepts any. */
export const DEMO_CLIENT_ID = '00000000-0000-4000-8000-00000000d3e0';
export const DEMO_CLIENT_SECRET = 'demo-client-secret';

/** Creates, or reuses, a demo tenant with a backup set and inventory. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly tenants: Tenants,
    private readonly backupSets: BackupSets,
    private readonly inventory: PolicyInventory,
  ) {}

  async seed(request: DemoSeedRequest): Promise<DemoSeedResult> {
    const { tenantId } = request;
    const existing = await this.tenants.findById(tenantId);
    if (!existing) {
      await this.tenants.create({
        id: tenantId,
        displayName: request.displayName,
        entraTenantId: request.entraTenantId,
        graphClientId: request.graphClientId ?? DEMO_CLIENT_ID,
        graphClientSecret: request.graphClientSecret ?? DEMO_CLIENT_SECRET,
      });
    } else if (request.graphClientId || request.graphClientSecret) {
      await this.tenants.updateGraphCredentials(
        tenantId,
        request.graphClientId ?? existing.graphClientId,
        request.graphClientSecret ?? DEMO_CLIENT_SECRET,
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

    const policies = await this.inventory.recordSeen(
      tenantId,
      demoPolicies(tenantId, request.policies),
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
}
