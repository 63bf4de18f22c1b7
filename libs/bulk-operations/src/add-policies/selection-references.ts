import type { SelectionCheck } from '@app/reference-data';

/**
 * What the command needs to know about reference data. Implemented over the
 * tenant's backup sets and policy inventory; a port so the decision code
 * does not depend on their tables.
 */
export abstract class SelectionReferences {
  /**
   * Whether the backup set is live in the tenant, and which of
   * `policyIds` are not (or no longer) in the tenant's inventory.
   */
  abstract check(
    tenantId: string,
    backupSetId: string,
    policyIds: readonly string[],
  ): Promise<SelectionCheck>;
}
