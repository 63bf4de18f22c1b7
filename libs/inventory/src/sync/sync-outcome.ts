import type { PolicyType } from '@app/reference-data';

/** What one policy type's listing did to the inventory. */
export type TypeSyncOutcome =
  | {
      readonly policyType: PolicyType;
      readonly ok: true;
      /** Policies the listing returned (recorded or refreshed). */
      readonly seen: number;
      /** Policies of the type that the listing no longer returned. */
      readonly vanished: number;
    }
  | {
      readonly policyType: PolicyType;
      readonly ok: false;
      /** A stable Graph error code, e.g. `forbidden`, `throttled`. */
      readonly code: string;
      /** Sanitised; safe to store and show. */
      readonly message: string;
    };

/**
 * `completed` when every type was listed, `completed_with_errors` when
 * some were (their vanished marks are skipped), `failed` when none was.
 */
export type SyncResultStatus = 'completed' | 'completed_with_errors' | 'failed';

export interface InventorySyncResult {
  readonly tenantId: string;
  readonly status: SyncResultStatus;
  readonly types: readonly TypeSyncOutcome[];
}

export function resultStatus(
  types: readonly TypeSyncOutcome[],
): SyncResultStatus {
  const failed = types.filter((t) => !t.ok).length;
  if (failed === 0) return 'completed';
  return failed === types.length ? 'failed' : 'completed_with_errors';
}
