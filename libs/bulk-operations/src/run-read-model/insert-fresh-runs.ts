import { EntityManager } from 'typeorm';

import { copyRows, CopyValue } from '@app/database';

import { FreshRun } from './fresh-run';
import { uuidKey } from './uuid-key';

/**
 * Inserts runs folded in memory, with their items, in two statements:
 * the runs from JSON, the items (a hundred times as many rows) by COPY.
 * A run whose row exists already is left alone.
 * @returns the keys of the runs inserted.
 */
export async function insertFreshRuns(
  tx: EntityManager,
  runs: readonly FreshRun[],
): Promise<Set<string>> {
  if (runs.length === 0) return new Set();
  const inserted = await tx.query<{ id: string }[]>(
    `INSERT INTO bulk_operation_runs
       (id, tenant_id, resource_id, status, idempotency_key, stream_name,
        item_ids, options, total, processed, succeeded, failed, skipped,
        failures, failure_reason, requested_by, created_at, started_at,
        completed_at, updated_at)
     SELECT id, tenant_id, resource_id, status, idempotency_key, stream_name,
            item_ids, options, total, processed, succeeded, failed, skipped,
            failures, failure_reason, requested_by, created_at, started_at,
            completed_at, updated_at
       FROM jsonb_to_recordset($1::jsonb) AS r(
              id uuid, tenant_id uuid, resource_id uuid, status text,
              idempotency_key text, stream_name text, item_ids uuid[],
              options jsonb, total int, processed int, succeeded int,
              failed int, skipped int, failures jsonb, failure_reason jsonb,
              requested_by text, created_at timestamptz,
              started_at timestamptz, completed_at timestamptz,
              updated_at timestamptz)
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [JSON.stringify(runs.map((run) => run.run))],
  );
  const keys = new Set(inserted.map((row) => uuidKey(row.id)));
  await copyRows(
    tx,
    'bulk_operation_run_items',
    ITEM_COLUMNS,
    itemRows(runs.filter((run) => keys.has(run.key))),
  );
  return keys;
}

const ITEM_COLUMNS = [
  'run_id',
  'policy_id',
  'tenant_id',
  'status',
  'policy_type',
  'snapshot_hash',
  'reason_code',
  'message',
  'attempts',
  'updated_at',
] as const;

/** The runs' item rows, in `ITEM_COLUMNS` order. */
function* itemRows(runs: readonly FreshRun[]): Iterable<CopyValue[]> {
  for (const { items } of runs) {
    for (let i = 0; i < items.policy_id.length; i++) {
      yield [
        items.run_id,
        items.policy_id[i],
        items.tenant_id[i],
        items.status[i],
        items.policy_type[i],
        items.snapshot_hash[i],
        items.reason_code[i],
        items.message[i],
        items.attempts[i],
        items.updated_at[i],
      ];
    }
  }
}
