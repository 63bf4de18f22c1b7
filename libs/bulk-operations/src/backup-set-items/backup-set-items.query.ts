import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { SnapshotStore } from '@app/graph';
import { cursorPart, decodeCursor, Page, toPage } from '@app/http';

import {
  BackupSetItemDetailView,
  BackupSetItemView,
} from './backup-set-item-views';

interface ItemRow {
  id: string;
  backup_set_id: string;
  policy_id: string;
  policy_type: string;
  display_name: string | null;
  snapshot_hash: string;
  run_id: string;
  captured_at: Date;
}

const SELECT_ITEMS = `
  SELECT i.id, i.backup_set_id, i.policy_id, i.policy_type, p.display_name,
         i.snapshot_hash, i.run_id, i.captured_at
    FROM backup_set_items i
    LEFT JOIN policy_inventory p
      ON p.tenant_id = i.tenant_id AND p.id = i.policy_id`;

/**
 * Reads of backup set items; every query is scoped to one tenant. Callers
 * check that the backup set is the tenant's first.
 */
@Injectable()
export class BackupSetItemsQuery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly snapshots: SnapshotStore,
  ) {}

  /** Items in policy id order; keyset paging on the policy id. */
  async list(
    tenantId: string,
    backupSetId: string,
    query: { cursor?: string; limit: number },
  ): Promise<Page<BackupSetItemView>> {
    const params: unknown[] = [tenantId, backupSetId, query.limit + 1];
    let after = '';
    if (query.cursor) {
      const [policyId] = decodeCursor<[string]>(query.cursor, 1, [
        cursorPart.uuid,
      ]);
      params.push(policyId);
      after = 'AND i.policy_id > $4::uuid';
    }
    const rows = await this.dataSource.query<ItemRow[]>(
      `${SELECT_ITEMS}
        WHERE i.tenant_id = $1 AND i.backup_set_id = $2 ${after}
        ORDER BY i.policy_id LIMIT $3`,
      params,
    );
    return toPage(rows, query.limit, (row) => [row.policy_id], toItemView);
  }

  /** The item with its snapshot, or null when the set has no such item. */
  async findOne(
    tenantId: string,
    backupSetId: string,
    itemId: string,
  ): Promise<BackupSetItemDetailView | null> {
    const [row] = await this.dataSource.query<ItemRow[]>(
      `${SELECT_ITEMS}
        WHERE i.tenant_id = $1 AND i.backup_set_id = $2 AND i.id = $3`,
      [tenantId, backupSetId, itemId],
    );
    if (!row) return null;
    const snapshot = await this.snapshots.get(tenantId, row.snapshot_hash);
    return {
      ...toItemView(row),
      snapshot: snapshot
        ? {
            hash: snapshot.hash,
            policyType: snapshot.policyType,
            graphId: snapshot.graphId,
            sizeBytes: snapshot.sizeBytes,
            content: snapshot.content,
          }
        : null,
    };
  }
}

function toItemView(row: ItemRow): BackupSetItemView {
  return {
    id: row.id,
    backupSetId: row.backup_set_id,
    policyId: row.policy_id,
    policyType: row.policy_type,
    displayName: row.display_name,
    snapshotHash: row.snapshot_hash,
    runId: row.run_id,
    capturedAt: row.captured_at.toISOString(),
  };
}
