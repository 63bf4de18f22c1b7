/**
 * The events of a bulk operation stream. One stream per idempotency key;
 * it may hold several runs one after the other, each starting with
 * `AddPoliciesRequested` and ending with exactly one terminal event.
 */

export interface CaptureOptions {
  readonly includeAssignments: boolean;
  readonly includeScopeTags: boolean;
  readonly includeFoundations: boolean;
}

export interface AddPoliciesRequested {
  readonly type: 'AddPoliciesRequested';
  readonly data: {
    readonly runId: string;
    readonly tenantId: string;
    readonly backupSetId: string;
    /** Sorted and de-duplicated. */
    readonly policyIds: readonly string[];
    readonly options: CaptureOptions;
    readonly requestedBy: string;
    readonly idempotencyKey: string;
  };
}

export interface BulkOperationRunStarted {
  readonly type: 'BulkOperationRunStarted';
  readonly data: { readonly runId: string; readonly scheduledCount: number };
}

export interface PolicyCaptured {
  readonly type: 'PolicyCaptured';
  readonly data: {
    readonly runId: string;
    readonly policyId: string;
    readonly policyType: string;
    /** Content hash; also the snapshot's id in the snapshot table. */
    readonly snapshotHash: string;
    readonly attempts: number;
  };
}

export interface PolicyCaptureFailed {
  readonly type: 'PolicyCaptureFailed';
  readonly data: {
    readonly runId: string;
    readonly policyId: string;
    /** Stable reason code, e.g. `not_found`, `throttled`. */
    readonly reasonCode: string;
    /** Sanitised: no tokens, secrets or e-mail addresses. */
    readonly message: string;
    readonly attempts: number;
  };
}

export type TerminalStatus = 'completed' | 'completed_with_errors' | 'failed';

export interface BulkOperationRunCompleted {
  readonly type: 'BulkOperationRunCompleted';
  readonly data: {
    readonly runId: string;
    readonly status: 'completed' | 'completed_with_errors';
    readonly total: number;
    readonly succeeded: number;
    readonly failed: number;
    readonly skipped: number;
  };
}

export interface BulkOperationRunFailed {
  readonly type: 'BulkOperationRunFailed';
  readonly data: {
    readonly runId: string;
    readonly reasonCode: string;
    readonly message: string;
  };
}

export type BulkOperationEvent =
  | AddPoliciesRequested
  | BulkOperationRunStarted
  | PolicyCaptured
  | PolicyCaptureFailed
  | BulkOperationRunCompleted
  | BulkOperationRunFailed;

export type BulkOperationEventType = BulkOperationEvent['type'];

export const BULK_OPERATION_EVENT_TYPES: readonly BulkOperationEventType[] = [
  'AddPoliciesRequested',
  'BulkOperationRunStarted',
  'PolicyCaptured',
  'PolicyCaptureFailed',
  'BulkOperationRunCompleted',
  'BulkOperationRunFailed',
];

/** Current schema version of every bulk operation event. */
export const BULK_OPERATION_SCHEMA_VERSION = 1;
