import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { RecordedEvent } from '@app/event-store';
import { AsProjection, Projection } from '@app/projections';

import { BulkOperationEvent, PolicyCaptured } from '../run-events';
import { uuidKey } from '../run-read-model/uuid-key';
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

  /**
   * One statement per kind for the whole batch. Each capture sees the runs
   * requested before it in the log; captures of one policy into one set
   * collapse into the row the last of them leaves.
   */
  async apply(
    events: readonly RecordedEvent[],
    tx: EntityManager,
  ): Promise<void> {
    const runs = await this.knownRuns(events, tx);
    const requested: ItemRun[] = [];
    const items = new Map<string, ItemRow>();
    for (const recorded of events) {
      const event = recorded as RecordedEvent & BulkOperationEvent;
      if (event.type === 'AddPoliciesRequested') {
        const { runId, tenantId, backupSetId } = event.data;
        const key = uuidKey(runId);
        if (runs.has(key)) continue;
        const run = {
          run_id: key,
          tenant_id: uuidKey(tenantId),
          backup_set_id: uuidKey(backupSetId),
        };
        runs.set(key, run);
        requested.push(run);
      } else if (event.type === 'PolicyCaptured') {
        this.onPolicyCaptured(event, runs, items);
      }
    }
    await insertRuns(tx, requested);
    await upsertItems(tx, [...items.values()]);
  }

  /** The batch's runs the table holds already, by uuid. */
  private async knownRuns(
    events: readonly RecordedEvent[],
    tx: EntityManager,
  ): Promise<Map<string, ItemRun>> {
    const ids = new Set<string>();
    for (const event of events) {
      const { runId } = event.data as { runId: string };
      if (
        event.type === 'AddPoliciesRequested' ||
        event.type === 'PolicyCaptured'
      )
        ids.add(uuidKey(runId));
    }
    if (ids.size === 0) return new Map();
    const rows = await tx.query<ItemRun[]>(
      `SELECT run_id::text, tenant_id::text, backup_set_id::text
         FROM backup_set_item_runs WHERE run_id = ANY ($1::uuid[])`,
      [[...ids]],
    );
    return new Map(rows.map((row) => [row.run_id, row]));
  }

  private onPolicyCaptured(
    event: RecordedEvent & PolicyCaptured,
    runs: ReadonlyMap<string, ItemRun>,
    items: Map<string, ItemRow>,
  ): void {
    const { data } = event;
    const run = runs.get(uuidKey(data.runId));
    if (!run) {
      // Every run starts with its request in the same stream; a capture
      // without one is a broken log, not a reason to stop the projection.
      this.logger.warn(
        { runId: data.runId, position: event.position },
        'capture of an unknown run skipped',
      );
      return;
    }
    const id = backupSetItemId(run.backup_set_id, data.policyId);
    // A later capture replaces what an earlier one wrote, except the
    // columns the upsert keeps.
    const first = items.get(id);
    items.set(id, {
      id,
      tenant_id: first?.tenant_id ?? run.tenant_id,
      backup_set_id: first?.backup_set_id ?? run.backup_set_id,
      policy_id: first?.policy_id ?? data.policyId,
      policy_type: data.policyType,
      snapshot_hash: data.snapshotHash,
      run_id: data.runId,
      captured_at: event.recordedAt,
    });
  }
}

/** A `backup_set_item_runs` row, its uuids as the database prints them. */
interface ItemRun {
  readonly run_id: string;
  readonly tenant_id: string;
  readonly backup_set_id: string;
}

/** A `backup_set_items` row, named as its columns are. */
interface ItemRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly backup_set_id: string;
  readonly policy_id: string;
  readonly policy_type: string;
  readonly snapshot_hash: string;
  readonly run_id: string;
  readonly captured_at: Date;
}

async function insertRuns(
  tx: EntityManager,
  runs: readonly ItemRun[],
): Promise<void> {
  if (runs.length === 0) return;
  await tx.query(
    `INSERT INTO backup_set_item_runs (run_id, tenant_id, backup_set_id)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[])
     ON CONFLICT (run_id) DO NOTHING`,
    [
      runs.map((run) => run.run_id),
      runs.map((run) => run.tenant_id),
      runs.map((run) => run.backup_set_id),
    ],
  );
}

async function upsertItems(
  tx: EntityManager,
  items: readonly ItemRow[],
): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `INSERT INTO backup_set_items
       (id, tenant_id, backup_set_id, policy_id, policy_type, snapshot_hash,
        run_id, captured_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
       id uuid, tenant_id uuid, backup_set_id uuid, policy_id uuid,
       policy_type text, snapshot_hash text, run_id uuid,
       captured_at timestamptz)
     ON CONFLICT (id) DO UPDATE
       SET policy_type = excluded.policy_type,
           snapshot_hash = excluded.snapshot_hash,
           run_id = excluded.run_id,
           captured_at = excluded.captured_at`,
    [JSON.stringify(items)],
  );
}
