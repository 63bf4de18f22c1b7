/**
 * What the command needs to know about reference data. Implemented over the
 * tenant's backup sets and policy inventory; a port so the decision code
 * does not depend on their tables.
 */
export abstract class SelectionReferences {
  /** True when the backup set exists in the tenant and is not deleted. */
  abstract backupSetIsActive(
    tenantId: string,
    backupSetId: string,
  ): Promise<boolean>;

  /** The ids among `policyIds` that are not in the tenant's inventory. */
  abstract policiesMissingFromInventory(
    tenantId: string,
    policyIds: readonly string[],
  ): Promise<string[]>;
}
