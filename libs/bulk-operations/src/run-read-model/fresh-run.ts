import { RecordedEvent } from '@app/event-store';

import { AddPoliciesRequested, BulkOperationEvent } from '../run-events';
import type { RunStatus } from '../run-state';
import { outcomeOf } from './record-outcomes';
import { uuidKey } from './uuid-key';

export type RecordedRunEvent = RecordedEvent & BulkOperationEvent;

/** A `bulk_operation_runs` row, named as its columns are. */
export interface RunRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly resource_id: string;
  status: RunStatus;
  readonly idempotency_key: string;
  readonly stream_name: string;
  readonly item_ids: readonly string[];
  readonly options: unknown;
  readonly total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  readonly failures: FailureEntry[];
  failure_reason: { code: string | null; message: string | null } | null;
  readonly requested_by: string;
  readonly created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  updated_at: Date;
}

interface FailureEntry {
  readonly policyId: string;
  readonly code: string | null;
  readonly message: string | null;
}

/** A `bulk_operation_run_items` row, named as its columns are. */
export interface RunItemRow {
  readonly run_id: string;
  readonly policy_id: string;
  readonly tenant_id: string;
  status: 'pending' | 'captured' | 'failed' | 'skipped';
  policy_type: string | null;
  snapshot_hash: string | null;
  reason_code: string | null;
  message: string | null;
  attempts: number;
  updated_at: Date;
}

/**
 * A run whose request is among the events being applied, folded in memory
 * into the rows that applying its events one by one with the projection's
 * statements would leave, so they can be written at once. It starts from
 * no rows: when the run's row exists after all, its events go through the
 * statements instead.
 */
export class FreshRun {
  readonly key: string;
  readonly run: RunRow;
  /** Its events in log order, request first. */
  readonly events: RecordedRunEvent[] = [];
  private readonly itemsByKey = new Map<string, RunItemRow>();

  constructor(request: RecordedEvent & AddPoliciesRequested) {
    const { data } = request;
    const at = request.recordedAt;
    this.key = uuidKey(data.runId);
    this.run = {
      id: data.runId,
      tenant_id: data.tenantId,
      resource_id: data.backupSetId,
      status: 'pending',
      idempotency_key: data.idempotencyKey,
      stream_name: request.streamName,
      item_ids: data.policyIds,
      options: data.options,
      total: data.policyIds.length,
      processed: 0,
      succeeded: 0,
      failed: 0,
      skipped: 0,
      failures: [],
      failure_reason: null,
      requested_by: data.requestedBy,
      created_at: at,
      started_at: null,
      completed_at: null,
      updated_at: at,
    };
    this.apply(request);
  }

  get items(): Iterable<RunItemRow> {
    return this.itemsByKey.values();
  }

  /** Applies one event of this run, in log order. */
  apply(event: RecordedRunEvent): void {
    this.events.push(event);
    const run = this.run;
    const at = event.recordedAt;
    switch (event.type) {
      case 'AddPoliciesRequested':
        // A repeated request adds the items it lacks; the run stays.
        for (const policyId of event.data.policyIds) {
          const key = uuidKey(policyId);
          if (this.itemsByKey.has(key)) continue;
          this.itemsByKey.set(key, pendingItem(event, policyId));
        }
        return;
      case 'BulkOperationRunStarted':
        if (run.status !== 'pending') return;
        run.status = 'running';
        run.started_at = at;
        run.updated_at = at;
        return;
      case 'PolicyCaptured':
      case 'PolicyCaptureFailed': {
        const outcome = outcomeOf(event);
        const item = this.itemsByKey.get(uuidKey(outcome.policyId));
        if (item?.status !== 'pending') return;
        item.status = outcome.status;
        item.policy_type = outcome.policyType;
        item.snapshot_hash = outcome.snapshotHash;
        item.reason_code = outcome.reasonCode;
        item.message = outcome.message;
        item.attempts = outcome.attempts;
        item.updated_at = at;
        run.processed++;
        if (outcome.status === 'captured') run.succeeded++;
        else {
          run.failed++;
          run.failures.push({
            policyId: uuidKey(outcome.policyId),
            code: asText(outcome.reasonCode),
            message: asText(outcome.message),
          });
        }
        run.updated_at = at;
        return;
      }
      case 'BulkOperationRunCompleted':
        run.status = event.data.status;
        run.completed_at = at;
        run.updated_at = at;
        run.started_at ??= at;
        return;
      case 'BulkOperationRunFailed':
        for (const item of this.itemsByKey.values()) {
          if (item.status !== 'pending') continue;
          item.status = 'skipped';
          item.updated_at = at;
          run.skipped++;
        }
        run.status = 'failed';
        run.completed_at = at;
        run.updated_at = at;
        run.failure_reason = {
          code: asText(event.data.reasonCode),
          message: asText(event.data.message),
        };
        return;
      default:
        return assertNever(event);
    }
  }
}

function pendingItem(
  request: RecordedEvent & AddPoliciesRequested,
  policyId: string,
): RunItemRow {
  return {
    run_id: request.data.runId,
    policy_id: policyId,
    tenant_id: request.data.tenantId,
    status: 'pending',
    policy_type: null,
    snapshot_hash: null,
    reason_code: null,
    message: null,
    attempts: 0,
    updated_at: request.recordedAt,
  };
}

/** A value as the statements' `::text` casts store it inside JSON. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
