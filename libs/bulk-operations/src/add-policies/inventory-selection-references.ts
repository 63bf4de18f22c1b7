import { Injectable } from '@nestjs/common';

import { BackupSets, PolicyInventory } from '@app/reference-data';

import { SelectionReferences } from './selection-references';

/** {@link SelectionReferences} over the tenant's reference data. */
@Injectable()
export class InventorySelectionReferences extends SelectionReferences {
  constructor(
    private readonly backupSets: BackupSets,
    private readonly inventory: PolicyInventory,
  ) {
    super();
  }

  async backupSetIsActive(
    tenantId: string,
    backupSetId: string,
  ): Promise<boolean> {
    return (
      (await this.backupSets.findActive(tenantId, backupSetId)) !== undefined
    );
  }

  /** Vanished policies count as missing: they cannot be captured. */
  async policiesMissingFromInventory(
    tenantId: string,
    policyIds: readonly string[],
  ): Promise<string[]> {
    const present = new Set(
      (await this.inventory.findMany(tenantId, policyIds))
        .filter((policy) => policy.vanishedAt === null)
        .map((policy) => policy.id),
    );
    return policyIds.filter((id) => !present.has(id));
  }
}
