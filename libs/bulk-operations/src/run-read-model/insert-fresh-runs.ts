import { EntityManager } from 'typeorm';

import { FreshRun } from './fresh-run';
import { uuidKey } from './uuid-key';

/**
 * Inserts runs folded in memory, with their items, in two statements.
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
  const items = runs
    .filter((run) => keys.has(run.key) && run.items.policy_id.length > 0)
    .map((run) => run.items);
  if (items.length > 0) {
    await tx.query(
      `INSERT INTO bulk_operation_run_items
         (run_id, policy_id, tenant_id, status, policy_type, snapshot_hash,
          reason_code, message, attempts, updated_at)
       SELECT g.run_id, i.*
         FROM jsonb_to_recordset($1::jsonb) AS g(
                run_id uuid, policy_id uuid[], tenant_id uuid[],
                status text[], policy_type text[], snapshot_hash text[],
                reason_code text[], message text[], attempts int[],
                updated_at timestamptz[])
        CROSS JOIN LATERAL unnest(g.policy_id, g.tenant_id, g.status,
                                  g.policy_type, g.snapshot_hash,
                                  g.reason_code, g.message, g.attempts,
                                  g.updated_at) AS i`,
      [JSON.stringify(items)],
    );
  }
  return keys;
}
