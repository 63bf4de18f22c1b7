import { createHash } from 'node:crypto';

import { CaptureOptions } from './run-events';

export const ADD_POLICIES_OPERATION = 'backup_set.add_policies';

export interface AddPoliciesSelection {
  readonly tenantId: string;
  readonly backupSetId: string;
  readonly policyIds: readonly string[];
  readonly options: CaptureOptions;
}

/** Sorted, de-duplicated, lower-cased ids: the canonical selection. */
export function canonicalPolicyIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))].sort();
}

/**
 * SHA-256 over a canonical JSON of the selection. The user is not part of
 * it: identical selections dedupe tenant-wide, whoever sends them.
 */
export function addPoliciesIdempotencyKey(
  selection: AddPoliciesSelection,
): string {
  const canonical = JSON.stringify([
    ['operation', ADD_POLICIES_OPERATION],
    ['tenantId', selection.tenantId.toLowerCase()],
    ['backupSetId', selection.backupSetId.toLowerCase()],
    ['policyIds', canonicalPolicyIds(selection.policyIds)],
    ['includeAssignments', selection.options.includeAssignments],
    ['includeScopeTags', selection.options.includeScopeTags],
    ['includeFoundations', selection.options.includeFoundations],
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
