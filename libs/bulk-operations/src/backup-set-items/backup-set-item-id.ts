import { deterministicEventId } from '../event-ids';

/**
 * A backup set holds one item per policy, so the item's id is derived from
 * the pair: every capture of the policy into the set lands on the same row.
 */
export function backupSetItemId(backupSetId: string, policyId: string): string {
  return deterministicEventId(
    'backup-set-item',
    backupSetId.toLowerCase(),
    policyId.toLowerCase(),
  );
}
