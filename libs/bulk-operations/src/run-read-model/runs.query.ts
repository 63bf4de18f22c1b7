import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { cursorPart, decodeCursor, Page, toPage } from '@app/http';

import { RunStatus } from '../run-state';
import { RunItemView, RunView } from './run-views';

export interface ListRuns {
  readonly status?: RunStatus;
  readonly cursor?: string;
  readonly limit: number;
}

interface RunRow {
  id: string;
  tenant_id: string;
  resource: string;
  resource_id: string;
  action: string;
  status: RunStatus;
  idempotency_key: string;
  item_ids: string[];
  options: Record<string, boolean>;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
  failures: RunView['failures'];
  failure_reason: RunView['failureReason'];
  requested_by: string;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
}

interface ItemRow {
  policy_id: string;
  status: string;
  policy_type: string | null;
  snapshot_hash: string | null;
  reason_code: string | null;
  message: string | null;
  attempts: number;
  updated_at: Date;
}

/** Reads of the run read model; every query is scoped to one tenant. */
@Injectable()
export class RunsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async findOne(tenantId: string, runId: string): Promise<RunView | null> {
    const [row] = await this.dataSource.query<RunRow[]>(
      'SELECT * FROM bulk_operation_runs WHERE tenant_id = $1 AND id = $2',
      [tenantId, runId],
    );
    return row ? toRunView(row) : null;
  }

  /** Newest first; keyset paging on (created_at, id). */
  async list(tenantId: string, query: ListRuns): Promise<Page<RunView>> {
    const params: unknown[] = [tenantId, query.limit + 1];
    const where = ['tenant_id = $1'];
    if (query.status) {
      params.push(query.status);
      where.push(`status = $${params.length}`);
    }
    if (query.cursor) {
      const [createdAt, id] = decodeCursor<[string, string]>(query.cursor, 2, [
        cursorPart.timestamp,
        cursorPart.uuid,
      ]);
      params.push(createdAt, id);
      where.push(
        `(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<RunRow[]>(
      `SELECT * FROM bulk_operation_runs WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    );
    return toPage(
      rows,
      query.limit,
      (row) => [row.created_at.toISOString(), row.id],
      toRunView,
    );
  }

  /** The run's items in policy id order, or null when the run is unknown. */
  async items(
    tenantId: string,
    runId: string,
    query: { cursor?: string; limit: number },
  ): Promise<Page<RunItemView> | null> {
    if (!(await this.findOne(tenantId, runId))) return null;
    const params: unknown[] = [tenantId, runId, query.limit + 1];
    let after = '';
    if (query.cursor) {
      const [policyId] = decodeCursor<[string]>(query.cursor, 1, [
        cursorPart.uuid,
      ]);
      params.push(policyId);
      after = 'AND policy_id > $4::uuid';
    }
    const rows = await this.dataSource.query<ItemRow[]>(
      `SELECT * FROM bulk_operation_run_items
        WHERE tenant_id = $1 AND run_id = $2 ${after}
        ORDER BY policy_id LIMIT $3`,
      params,
    );
    return toPage(rows, query.limit, (row) => [row.policy_id], toItemView);
  }
}

function toRunView(row: RunRow): RunView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    resource: row.resource,
    resourceId: row.resource_id,
    action: row.action,
    status: row.status,
    idempotencyKey: row.idempotency_key,
    itemIds: row.item_ids,
    options: row.options,
    total: row.total,
    processed: row.processed,
    succeeded: row.succeeded,
    failed: row.failed,
    skipped: row.skipped,
    failures: row.failures,
    failureReason: row.failure_reason,
    requestedBy: row.requested_by,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

function toItemView(row: ItemRow): RunItemView {
  return {
    policyId: row.policy_id,
    status: row.status,
    policyType: row.policy_type,
    snapshotHash: row.snapshot_hash,
    reasonCode: row.reason_code,
    message: row.message,
    attempts: row.attempts,
    updatedAt: row.updated_at.toISOString(),
  };
}
