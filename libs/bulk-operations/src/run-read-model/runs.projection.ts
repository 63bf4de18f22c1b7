import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { RecordedEvent } from '@app/event-store';
import { AsProjection, Projection } from '@app/projections';

import { BulkOperationEvent } from '../run-events';
import { BULK_OPERATION_CATEGORY } from '../run-stream';
import { OutcomeRow, recordOutcomes } from './record-outcomes';

export const RUNS_PROJECTION = 'bulk-operation-runs';

/**
 * Keeps `bulk_operation_runs` and `bulk_operation_run_items`. Timestamps
 * come from the events, never the clock, so a rebuild gives the same rows.
 * Each outcome counts once: the item row moves out of `pending` at most
 * once, and the run's counts move only with it.
 */
@Injectable()
@AsProjection()
export class RunsProjection implements Projection {
  readonly name = RUNS_PROJECTION;
  readonly filter = { streamPrefixes: [BULK_OPERATION_CATEGORY] };
  readonly tables = ['bulk_operation_runs', 'bulk_operation_run_items'];

  async apply(
    events: readonly RecordedEvent[],
    tx: EntityManager,
  ): Promise<void> {
    // Outcomes are most of a run's events: consecutive ones go to the
    // database together, everything else one by one, in log order.
    let outcomes: OutcomeRow[] = [];
    for (const recorded of events) {
      const event = recorded as RecordedEvent & BulkOperationEvent;
      const outcome = outcomeOf(event);
      if (outcome) {
        outcomes.push(outcome);
        continue;
      }
      await recordOutcomes(tx, outcomes);
      outcomes = [];
      await this.applyOne(event, tx);
    }
    await recordOutcomes(tx, outcomes);
  }

  private async applyOne(
    event: RecordedEvent & BulkOperationEvent,
    tx: EntityManager,
  ): Promise<void> {
    const at = event.recordedAt;
    switch (event.type) {
      case 'AddPoliciesRequested': {
        const { data } = event;
        await tx.query(
          `INSERT INTO bulk_operation_runs
             (id, tenant_id, resource_id, status, idempotency_key, stream_name,
              item_ids, options, total, requested_by, created_at, updated_at)
           VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8, $9, $10, $10)
           ON CONFLICT (id) DO NOTHING`,
          [
            data.runId,
            data.tenantId,
            data.backupSetId,
            data.idempotencyKey,
            event.streamName,
            data.policyIds,
            data.options,
            data.policyIds.length,
            data.requestedBy,
            at,
          ],
        );
        await tx.query(
          `INSERT INTO bulk_operation_run_items
             (run_id, policy_id, tenant_id, status, updated_at)
           SELECT $1, unnest($2::uuid[]), $3, 'pending', $4
           ON CONFLICT DO NOTHING`,
          [data.runId, data.policyIds, data.tenantId, at],
        );
        return;
      }
      case 'BulkOperationRunStarted':
        await tx.query(
          `UPDATE bulk_operation_runs
              SET status = 'running', started_at = $2, updated_at = $2
            WHERE id = $1 AND status = 'pending'`,
          [event.data.runId, at],
        );
        return;
      case 'PolicyCaptured':
      case 'PolicyCaptureFailed':
        await recordOutcomes(tx, [outcomeOf(event) as OutcomeRow]);
        return;
      case 'BulkOperationRunCompleted':
        await tx.query(
          `UPDATE bulk_operation_runs
              SET status = $2, completed_at = $3, updated_at = $3,
                  started_at = coalesce(started_at, $3)
            WHERE id = $1`,
          [event.data.runId, event.data.status, at],
        );
        return;
      case 'BulkOperationRunFailed': {
        const { data } = event;
        await tx.query(
          `WITH skipped AS (
             UPDATE bulk_operation_run_items
                SET status = 'skipped', updated_at = $4
              WHERE run_id = $1 AND status = 'pending'
             RETURNING 1)
           UPDATE bulk_operation_runs
              SET status = 'failed', completed_at = $4, updated_at = $4,
                  failure_reason = jsonb_build_object('code', $2::text,
                                                      'message', $3::text),
                  skipped = skipped + (SELECT count(*) FROM skipped)
            WHERE id = $1`,
          [data.runId, data.reasonCode, data.message, at],
        );
        return;
      }
      default:
        return assertNever(event);
    }
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}

function outcomeOf(
  event: RecordedEvent & BulkOperationEvent,
): OutcomeRow | undefined {
  const at = event.recordedAt;
  if (event.type === 'PolicyCaptured') {
    const { data } = event;
    return {
      runId: data.runId,
      policyId: data.policyId,
      status: 'captured',
      policyType: data.policyType,
      snapshotHash: data.snapshotHash,
      reasonCode: null,
      message: null,
      attempts: data.attempts,
      at,
    };
  }
  if (event.type === 'PolicyCaptureFailed') {
    const { data } = event;
    return {
      runId: data.runId,
      policyId: data.policyId,
      status: 'failed',
      policyType: null,
      snapshotHash: null,
      reasonCode: data.reasonCode,
      message: data.message,
      attempts: data.attempts,
      at,
    };
  }
  return undefined;
}
