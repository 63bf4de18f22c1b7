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

type ItemStatus = 'pending' | 'captured' | 'failed' | 'skipped';

/**
 * A run's `bulk_operation_run_items` rows column by column, named as the
 * columns are: half the JSON of row objects, and few objects to collect.
 */
export interface RunItemColumns {
  readonly run_id: string;
  readonly policy_id: string[];
  readonly tenant_id: string[];
  readonly status: ItemStatus[];
  readonly policy_type: (string | null)[];
  readonly snapshot_hash: (string | null)[];
  readonly reason_code: (string | null)[];
  readonly message: (string | null)[];
  readonly attempts: number[];
  readonly updated_at: Date[];
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
  readonly items: RunItemColumns;
  /** Its events in log order, request first. */
  readonly events: RecordedRunEvent[] = [];
  /** Position in `items` by policy id, spelled as the database would. */
  private readonly itemIndex = new Map<string, number>();

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
    this.items = {
      run_id: data.runId,
      policy_id: [],
      tenant_id: [],
      status: [],
      policy_type: [],
      snapshot_hash: [],
      reason_code: [],
      message: [],
      attempts: [],
      updated_at: [],
    };
    this.apply(request);
  }

  /** Applies one event of this run, in log order. */
  apply(event: RecordedRunEvent): void {
    this.events.push(event);
    const { run, items } = this;
    const at = event.recordedAt;
    switch (event.type) {
      case 'AddPoliciesRequested':
        // A repeated request adds the items it lacks; the run stays.
        for (const policyId of event.data.policyIds) {
          const key = uuidKey(policyId);
          if (this.itemIndex.has(key)) continue;
          this.itemIndex.set(key, items.policy_id.length);
          items.policy_id.push(policyId);
          items.tenant_id.push(event.data.tenantId);
          items.status.push('pending');
          items.policy_type.push(null);
          items.snapshot_hash.push(null);
          items.reason_code.push(null);
          items.message.push(null);
          items.attempts.push(0);
          items.updated_at.push(at);
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
        // Most ids come spelled as the database prints them.
        const i =
          this.itemIndex.get(outcome.policyId) ??
          this.itemIndex.get(uuidKey(outcome.policyId));
        if (i === undefined || items.status[i] !== 'pending') return;
        items.status[i] = outcome.status;
        items.policy_type[i] = outcome.policyType;
        items.snapshot_hash[i] = outcome.snapshotHash;
        items.reason_code[i] = outcome.reasonCode;
        items.message[i] = outcome.message;
        items.attempts[i] = outcome.attempts;
        items.updated_at[i] = at;
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
        items.status.forEach((status, i) => {
          if (status !== 'pending') return;
          items.status[i] = 'skipped';
          items.updated_at[i] = at;
          run.skipped++;
        });
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

/** A value as the statements' `::text` casts store it inside JSON. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
