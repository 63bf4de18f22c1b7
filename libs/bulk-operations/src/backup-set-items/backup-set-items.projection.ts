import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { RecordedEvent } from '@app/event-store';
import { AsProjection, Projection } from '@app/projections';

import {
  AddPoliciesRequested,
  BulkOperationEvent,
  PolicyCaptured,
} from '../run-events';
import { BULK_OPERATION_CATEGORY } from '../run-stream';
import { backupSetItemId } from './backup-set-item-id';

export const BACKUP_SET_ITEMS_PROJECTION = 'backup-set-items';

/**
 * Keeps `backup_set_items`: per backup set and policy, the latest capture.
 * The run's tenant and backup set come from its `AddPoliciesRequested`,
 * kept in `backup_set_item_runs`, so this projection rebuilds from the log
 * alone. Failed captures leave the set as it was.
 */
@Injectable()
@AsProjection()
export class BackupSetItemsProjection implements Projection {
  private readonly logger = new Logger(BackupSetItemsProjection.name);
  readonly name = BACKUP_SET_ITEMS_PROJECTION;
  readonly filter = {
    streamPrefixes: [BULK_OPERATION_CATEGORY],
    eventTypes: ['AddPoliciesRequested', 'PolicyCaptured'],
  };
  readonly tables = ['backup_set_item_runs', 'backup_set_items'];

  async apply(
    events: readonly RecordedEvent[],
    tx: EntityManager,
  ): Promise<void> {
    for (const recorded of events) {
      const event = recorded as RecordedEvent & BulkOperationEvent;
      if (event.type === 'AddPoliciesRequested') {
        await this.onAddPoliciesRequested(event, tx);
      } else if (event.type === 'PolicyCaptured') {
        await this.onPolicyCaptured(event, tx);
      }
    }
  }

  private async onAddPoliciesRequested(
    event: RecordedEvent & AddPoliciesRequested,
    tx: EntityManager,
  ): Promise<void> {
    const { runId, tenantId, backupSetId } = event.data;
    await tx.query(
      `INSERT INTO backup_set_item_runs (run_id, tenant_id, backup_set_id)
       VALUES ($1, $2, $3) ON CONFLICT (run_id) DO NOTHING`,
      [runId, tenantId, backupSetId],
    );
  }

  private async onPolicyCaptured(
    event: RecordedEvent & PolicyCaptured,
    tx: EntityManager,
  ): Promise<void> {
    const { data } = event;
    const [run] = await tx.query<
      { tenant_id: string; backup_set_id: string }[]
    >(
      'SELECT tenant_id, backup_set_id FROM backup_set_item_runs WHERE run_id = $1',
      [data.runId],
    );
    if (!run) {
      // Every run starts with its request in the same stream; a capture
      // without one is a broken log, not a reason to stop the projection.
      this.logger.warn(
        { runId: data.runId, position: event.position },
        'capture of an unknown run skipped',
      );
      return;
    }
    // Applied in log order, so the last capture applied is the latest.
    await tx.query(
      `INSERT INTO backup_set_items
         (id, tenant_id, backup_set_id, policy_id, policy_type, snapshot_hash,
          run_id, captured_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE
         SET policy_type = excluded.policy_type,
             snapshot_hash = excluded.snapshot_hash,
             run_id = excluded.run_id,
             captured_at = excluded.captured_at`,
      [
        backupSetItemId(run.backup_set_id, data.policyId),
        run.tenant_id,
        run.backup_set_id,
        data.policyId,
        data.policyType,
        data.snapshotHash,
        data.runId,
        event.recordedAt,
      ],
    );
  }
}
