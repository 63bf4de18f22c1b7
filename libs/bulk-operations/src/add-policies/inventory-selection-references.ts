import { Injectable } from '@nestjs/common';

import { SelectionCheck, SelectionChecks } from '@app/reference-data';

import { SelectionReferences } from './selection-references';

/** {@link SelectionReferences} over the tenant's reference data. */
@Injectable()
export class InventorySelectionReferences extends SelectionReferences {
  constructor(private readonly checks: SelectionChecks) {
    super();
  }

  check(
    tenantId: string,
    backupSetId: string,
    policyIds: readonly string[],
  ): Promise<SelectionCheck> {
    return this.checks.check(tenantId, backupSetId, policyIds);
  }
}
