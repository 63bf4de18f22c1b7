import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { RecordedEvent } from '@app/event-store';
import { AsProjection, Projection } from '@app/projections';

import { deterministicEventId } from '../event-ids';
import {
  AddPoliciesRequested,
  BulkOperationEvent,
  BulkOperationRunCompleted,
  BulkOperationRunFailed,
} from '../run-events';
import { BULK_OPERATION_CATEGORY } from '../run-stream';

export const NOTIFICATIONS_PROJECTION = 'notifications';

/** One notification per run: its id follows from the run's. */
export function notificationId(runId: string): string {
  return deterministicEventId('run-notification', runId.toLowerCase());
}

interface RunRow {
  tenant_id: string;
  backup_set_id: string;
  requested_by: string;
  total: number;
}

/**
 * Keeps `notifications`: when a run ends, one for the user who requested
 * it. Who that was comes from the run's `AddPoliciesRequested`, kept in
 * `notification_runs`, so this projection rebuilds from the log alone.
 * The text is rendered when read, from the stored counts and codes.
 */
@Injectable()
@AsProjection()
export class NotificationsProjection implements Projection {
  private readonly logger = new Logger(NotificationsProjection.name);
  readonly name = NOTIFICATIONS_PROJECTION;
  readonly filter = {
    streamPrefixes: [BULK_OPERATION_CATEGORY],
    eventTypes: [
      'AddPoliciesRequested',
      'BulkOperationRunCompleted',
      'BulkOperationRunFailed',
    ],
  };
  // Not `notification_reads`: what users did must survive a rebuild.
  readonly tables = ['notification_runs', 'notifications'];

  async apply(
    events: readonly RecordedEvent[],
    tx: EntityManager,
  ): Promise<void> {
    for (const recorded of events) {
      const event = recorded as RecordedEvent & BulkOperationEvent;
      switch (event.type) {
        case 'AddPoliciesRequested':
          await this.onAddPoliciesRequested(event, tx);
          break;
        case 'BulkOperationRunCompleted':
        case 'BulkOperationRunFailed':
          await this.onRunEnded(event, tx);
          break;
      }
    }
  }

  private async onAddPoliciesRequested(
    event: RecordedEvent & AddPoliciesRequested,
    tx: EntityManager,
  ): Promise<void> {
    const { data } = event;
    await tx.query(
      `INSERT INTO notification_runs
         (run_id, tenant_id, backup_set_id, requested_by, total)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (run_id) DO NOTHING`,
      [
        data.runId,
        data.tenantId,
        data.backupSetId,
        data.requestedBy,
        data.policyIds.length,
      ],
    );
  }

  private async onRunEnded(
    event: RecordedEvent & (BulkOperationRunCompleted | BulkOperationRunFailed),
    tx: EntityManager,
  ): Promise<void> {
    const { runId } = event.data;
    const [run] = await tx.query<RunRow[]>(
      `SELECT tenant_id, backup_set_id, requested_by, total
         FROM notification_runs WHERE run_id = $1`,
      [runId],
    );
    if (!run) {
      this.logger.warn(
        { runId, position: event.position },
        'end of an unknown run skipped',
      );
      return;
    }
    const outcome =
      event.type === 'BulkOperationRunCompleted'
        ? {
            status: event.data.status,
            succeeded: event.data.succeeded,
            failed: event.data.failed,
            reasonCode: null,
          }
        : {
            status: 'failed',
            succeeded: null,
            failed: null,
            reasonCode: event.data.reasonCode,
          };
    // A run has exactly one terminal event; the fixed id makes a second
    // one (or a re-applied batch) a no-op all the same.
    await tx.query(
      `INSERT INTO notifications
         (id, user_id, tenant_id, run_id, backup_set_id, status, total,
          succeeded, failed, reason_code, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO NOTHING`,
      [
        notificationId(runId),
        run.requested_by,
        run.tenant_id,
        runId,
        run.backup_set_id,
        outcome.status,
        run.total,
        outcome.succeeded,
        outcome.failed,
        outcome.reasonCode,
        event.recordedAt,
      ],
    );
  }
}
