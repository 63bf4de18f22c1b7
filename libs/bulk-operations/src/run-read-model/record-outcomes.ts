import { EntityManager } from 'typeorm';

import { RecordedEvent } from '@app/event-store';

import { PolicyCaptured, PolicyCaptureFailed } from '../run-events';
import { uuidKey } from './uuid-key';

export interface OutcomeRow {
  readonly runId: string;
  readonly policyId: string;
  readonly status: 'captured' | 'failed';
  readonly policyType: string | null;
  readonly snapshotHash: string | null;
  readonly reasonCode: string | null;
  readonly message: string | null;
  readonly attempts: number;
  readonly at: Date;
}

/** The item row an outcome event leaves. */
export function outcomeOf(
  event: RecordedEvent & (PolicyCaptured | PolicyCaptureFailed),
): OutcomeRow {
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

/**
 * Applies consecutive item outcomes in two statements, whatever their
 * number: the same result as applying them one by one (an item leaves
 * `pending` once, the first outcome wins; the run's counts, failures in
 * log order and last update move with the items), which a rebuild of
 * hundreds of thousands of events needs.
 */
export async function recordOutcomes(
  tx: EntityManager,
  outcomes: readonly OutcomeRow[],
): Promise<void> {
  const seen = new Set<string>();
  const rows = outcomes.filter((row) => {
    const key = `${uuidKey(row.runId)}:${uuidKey(row.policyId)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (rows.length === 0) return;

  await tx.query(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[],
                            $5::text[], $6::text[], $7::text[], $8::int[],
                            $9::timestamptz[])
         WITH ORDINALITY AS t(run_id, policy_id, status, policy_type,
                              snapshot_hash, reason_code, message, attempts,
                              at, ord)
     ), updated AS (
       UPDATE bulk_operation_run_items i
          SET status = input.status, policy_type = input.policy_type,
              snapshot_hash = input.snapshot_hash,
              reason_code = input.reason_code, message = input.message,
              attempts = input.attempts, updated_at = input.at
         FROM input
        WHERE i.run_id = input.run_id AND i.policy_id = input.policy_id
          AND i.status = 'pending'
       RETURNING input.*
     ), per_run AS (
       SELECT run_id,
              count(*) AS processed,
              count(*) FILTER (WHERE status = 'captured') AS succeeded,
              count(*) FILTER (WHERE status = 'failed') AS failed,
              coalesce(jsonb_agg(jsonb_build_object(
                'policyId', policy_id::text, 'code', reason_code,
                'message', message) ORDER BY ord)
                FILTER (WHERE status = 'failed'), '[]') AS failures,
              (array_agg(at ORDER BY ord DESC))[1] AS at
         FROM updated GROUP BY run_id
     )
     UPDATE bulk_operation_runs r
        SET processed = r.processed + p.processed,
            succeeded = r.succeeded + p.succeeded,
            failed = r.failed + p.failed,
            failures = r.failures || p.failures,
            updated_at = p.at
       FROM per_run p
      WHERE r.id = p.run_id`,
    [
      rows.map((r) => r.runId),
      rows.map((r) => r.policyId),
      rows.map((r) => r.status),
      rows.map((r) => r.policyType),
      rows.map((r) => r.snapshotHash),
      rows.map((r) => r.reasonCode),
      rows.map((r) => r.message),
      rows.map((r) => r.attempts),
      rows.map((r) => r.at),
    ],
  );
}
