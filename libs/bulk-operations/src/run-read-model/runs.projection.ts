import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { RecordedEvent } from '@app/event-store';
import { AsProjection, Projection } from '@app/projections';

import { BulkOperationEvent } from '../run-events';
import { BULK_OPERATION_CATEGORY } from '../run-stream';

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
    for (const event of events) {
      await this.applyOne(event as RecordedEvent & BulkOperationEvent, tx);
    }
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
      case 'PolicyCaptured': {
        const { data } = event;
        await this.recordOutcome(tx, {
          runId: data.runId,
          policyId: data.policyId,
          status: 'captured',
          policyType: data.policyType,
          snapshotHash: data.snapshotHash,
          reasonCode: null,
          message: null,
          attempts: data.attempts,
          at,
        });
        return;
      }
      case 'PolicyCaptureFailed': {
        const { data } = event;
        await this.recordOutcome(tx, {
          runId: data.runId,
          policyId: data.policyId,
          status: 'failed',
          policyType: null,
          snapshotHash: null,
          reasonCode: data.reasonCode,
          message: data.message,
          attempts: data.attempts,
          at,
        });
        return;
      }
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

  private async recordOutcome(
    tx: EntityManager,
    outcome: {
      runId: string;
      policyId: string;
      status: 'captured' | 'failed';
      policyType: string | null;
      snapshotHash: string | null;
      reasonCode: string | null;
      message: string | null;
      attempts: number;
      at: Date;
    },
  ): Promise<void> {
    await tx.query(
      `WITH item AS (
         UPDATE bulk_operation_run_items
            SET status = $3, policy_type = $4, snapshot_hash = $5,
                reason_code = $6, message = $7, attempts = $8, updated_at = $9
          WHERE run_id = $1 AND policy_id = $2 AND status = 'pending'
         RETURNING policy_id)
       UPDATE bulk_operation_runs
          SET processed = processed + 1,
              succeeded = succeeded + ($3 = 'captured')::int,
              failed = failed + ($3 = 'failed')::int,
              failures = CASE WHEN $3 = 'failed'
                THEN failures || jsonb_build_array(jsonb_build_object(
                  'policyId', $2::text, 'code', $6::text, 'message', $7::text))
                ELSE failures END,
              updated_at = $9
        WHERE id = $1 AND EXISTS (SELECT 1 FROM item)`,
      [
        outcome.runId,
        outcome.policyId,
        outcome.status,
        outcome.policyType,
        outcome.snapshotHash,
        outcome.reasonCode,
        outcome.message,
        outcome.attempts,
        outcome.at,
      ],
    );
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
