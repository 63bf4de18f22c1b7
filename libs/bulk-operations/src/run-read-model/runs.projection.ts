import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { RecordedEvent } from '@app/event-store';
import { AsProjection, Projection } from '@app/projections';

import { BULK_OPERATION_CATEGORY } from '../run-stream';
import { FreshRun, RecordedRunEvent } from './fresh-run';
import { insertFreshRuns } from './insert-fresh-runs';
import { OutcomeRow, outcomeOf, recordOutcomes } from './record-outcomes';
import { uuidKey } from './uuid-key';

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
  private readonly prepared = new WeakMap<
    readonly RecordedEvent[],
    Partition
  >();

  /**
   * Runs requested in the batch are folded in memory and inserted with
   * their final rows, a rebuild's whole page in two statements; events of
   * runs that exist already go through a statement each, consecutive
   * outcomes together. A run's events touch its own rows only, so only
   * each run's own order matters. Existing runs go first: their events can
   * only end an active run, which is what frees the key of a selection
   * that a run requested later in the log reuses.
   */
  async apply(
    events: readonly RecordedEvent[],
    tx: EntityManager,
  ): Promise<void> {
    const { fresh, existing } = this.prepared.get(events) ?? partition(events);
    this.prepared.delete(events);
    await this.applyEach(existing, tx);
    const inserted = await insertFreshRuns(tx, fresh);
    for (const run of fresh) {
      if (!inserted.has(run.key)) await this.applyEach(run.events, tx);
    }
  }

  /** Folds the fresh runs ahead: a rebuild does it for its next page. */
  prepare(events: readonly RecordedEvent[]): void {
    this.prepared.set(events, partition(events));
  }

  /** The events one by one, in log order, consecutive outcomes at once. */
  private async applyEach(
    events: readonly RecordedRunEvent[],
    tx: EntityManager,
  ): Promise<void> {
    let outcomes: OutcomeRow[] = [];
    for (const event of events) {
      if (
        event.type === 'PolicyCaptured' ||
        event.type === 'PolicyCaptureFailed'
      ) {
        outcomes.push(outcomeOf(event));
        continue;
      }
      await recordOutcomes(tx, outcomes);
      outcomes = [];
      await this.applyOne(event, tx);
    }
    await recordOutcomes(tx, outcomes);
  }

  private async applyOne(
    event: RecordedRunEvent,
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
        await recordOutcomes(tx, [outcomeOf(event)]);
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

interface Partition {
  /** Runs requested in the batch, folded from their request on. */
  readonly fresh: FreshRun[];
  /** Events of the other runs, in log order. */
  readonly existing: RecordedRunEvent[];
}

function partition(events: readonly RecordedEvent[]): Partition {
  const fresh = new Map<string, FreshRun>();
  const existing: RecordedRunEvent[] = [];
  for (const recorded of events) {
    const event = recorded as RecordedRunEvent;
    const key = uuidKey(event.data.runId);
    const run = fresh.get(key);
    if (run) run.apply(event);
    else if (event.type === 'AddPoliciesRequested') {
      fresh.set(key, new FreshRun(event));
    } else existing.push(event);
  }
  return { fresh: [...fresh.values()], existing };
}
