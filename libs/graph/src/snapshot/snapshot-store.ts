import { DataSource } from 'typeorm';

import { PolicyType } from '../capture/policy-type';
import { canonicalJson } from './canonical-json';
import { PolicySnapshot, SnapshotContent } from './policy-snapshot';

/** A stored snapshot as read back. */
export interface StoredSnapshot {
  readonly tenantId: string;
  readonly hash: string;
  readonly policyType: PolicyType;
  readonly graphId: string;
  readonly content: SnapshotContent;
  readonly sizeBytes: number;
  readonly createdAt: Date;
}

interface SnapshotRow {
  tenant_id: string;
  hash: string;
  policy_type: PolicyType;
  graph_id: string;
  content: SnapshotContent;
  size_bytes: number;
  created_at: Date;
}

/**
 * The immutable, content-addressed `policy_snapshots` table. Saving the
 * same content twice is one row; every read is scoped to a tenant.
 */
export class SnapshotStore {
  constructor(private readonly db: DataSource) {}

  /** Stores the snapshot unless its content is already there. */
  async save(snapshot: PolicySnapshot): Promise<{ hash: string }> {
    await this.db.query(
      `INSERT INTO policy_snapshots
         (tenant_id, hash, policy_type, graph_id, content, size_bytes)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (tenant_id, hash) DO NOTHING`,
      [
        snapshot.tenantId,
        snapshot.hash,
        snapshot.policyType,
        snapshot.graphId,
        canonicalJson(snapshot.content),
        snapshot.sizeBytes,
      ],
    );
    return { hash: snapshot.hash };
  }

  /** The tenant's snapshot with that hash; another tenant's is not found. */
  async get(
    tenantId: string,
    hash: string,
  ): Promise<StoredSnapshot | undefined> {
    if (!/^[0-9a-f]{64}$/.test(hash)) return undefined;
    const rows: SnapshotRow[] = await this.db.query(
      `SELECT tenant_id, hash, policy_type, graph_id, content, size_bytes,
              created_at
         FROM policy_snapshots
        WHERE tenant_id = $1 AND hash = $2`,
      [tenantId, hash],
    );
    const row = rows[0];
    return (
      row && {
        tenantId: row.tenant_id,
        hash: row.hash,
        policyType: row.policy_type,
        graphId: row.graph_id,
        content: row.content,
        sizeBytes: row.size_bytes,
        createdAt: row.created_at,
      }
    );
  }
}
