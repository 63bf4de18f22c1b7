import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';

import { Page, toPage } from '@app/http';

import { decodeNameIdCursor, escapeLike } from '../paging/keyset';
import { isUuid } from '../uuid';
import { InventoryPolicy, PolicySearch, SeenPolicy } from './inventory-policy';
import { PolicyInventoryEntity } from './policy-inventory.entity';

/**
 * The policy inventory of each tenant, the list the admin UI selects
 * from. Every query has the tenant id in its WHERE clause.
 */
@Injectable()
export class PolicyInventory {
  constructor(
    @InjectRepository(PolicyInventoryEntity)
    private readonly rows: Repository<PolicyInventoryEntity>,
  ) {}

  /**
   * The tenant's policies among `ids`, vanished ones included (check
   * `vanishedAt`). Ids that are malformed, unknown or of another tenant
   * are simply absent from the result.
   */
  async findMany(
    tenantId: string,
    ids: readonly string[],
  ): Promise<InventoryPolicy[]> {
    const wanted = [...new Set(ids.filter(isUuid))];
    if (wanted.length === 0) return [];
    const rows = await this.rows.findBy({ tenantId, id: In(wanted) });
    return rows.map(toPolicy);
  }

  /** Present (not vanished) policies by display name, then id. */
  async search(
    tenantId: string,
    { search, type, cursor, limit }: PolicySearch,
  ): Promise<Page<InventoryPolicy>> {
    const query = this.rows
      .createQueryBuilder('p')
      .where('p.tenant_id = :tenantId', { tenantId })
      .andWhere('p.vanished_at IS NULL');
    if (type) query.andWhere('p.policy_type = :type', { type });
    if (search) {
      query.andWhere(`p.display_name ILIKE :pattern ESCAPE '\\'`, {
        pattern: `%${escapeLike(search)}%`,
      });
    }
    if (cursor) {
      const [name, id] = decodeNameIdCursor(cursor);
      query.andWhere('(p.display_name, p.id) > (:name, :id)', { name, id });
    }
    const rows = await query
      .orderBy('p.displayName', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(limit + 1)
      .getMany();
    return toPage(rows.map(toPolicy), limit, (p) => [p.displayName, p.id]);
  }

  /**
   * Records policies a Graph listing returned: new ones get an id, known
   * ones keep theirs and are refreshed (and revived if they had vanished).
   * Returns them in the order given.
   */
  async recordSeen(
    tenantId: string,
    policies: readonly SeenPolicy[],
    seenAt = new Date(),
  ): Promise<InventoryPolicy[]> {
    if (policies.length === 0) return [];
    // One row per object: ON CONFLICT cannot touch a row twice.
    const unique = [...new Map(policies.map((p) => [keyOf(p), p])).values()];
    const rows: PolicyInventoryEntity[] = await this.rows.query(
      `INSERT INTO policy_inventory
         (id, tenant_id, graph_id, policy_type, odata_type, display_name, last_seen_at)
       SELECT id, $1, graph_id, policy_type, odata_type, display_name, $7
         FROM unnest($2::uuid[], $3::text[], $4::policy_type[], $5::text[], $6::text[])
           AS seen (id, graph_id, policy_type, odata_type, display_name)
       ON CONFLICT (tenant_id, graph_id, policy_type) DO UPDATE
         SET odata_type = excluded.odata_type,
             display_name = excluded.display_name,
             last_seen_at = excluded.last_seen_at,
             vanished_at = NULL
       RETURNING id, tenant_id AS "tenantId", graph_id AS "graphId",
         policy_type AS "policyType", odata_type AS "odataType",
         display_name AS "displayName", last_seen_at AS "lastSeenAt",
         vanished_at AS "vanishedAt"`,
      [
        tenantId,
        unique.map(() => randomUUID()),
        unique.map((p) => p.graphId),
        unique.map((p) => p.policyType),
        unique.map((p) => p.odataType ?? null),
        unique.map((p) => p.displayName),
        seenAt,
      ],
    );
    const byKey = new Map(rows.map((row) => [keyOf(row), toPolicy(row)]));
    return policies.map((p) => byKey.get(keyOf(p)) as InventoryPolicy);
  }

  /** Marks the tenant's policies of `type` not seen since `before` as gone. */
  async markVanished(
    tenantId: string,
    type: SeenPolicy['policyType'],
    before: Date,
  ): Promise<number> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({ vanishedAt: () => 'now()' })
      .where('tenant_id = :tenantId', { tenantId })
      .andWhere('policy_type = :type', { type })
      .andWhere('last_seen_at < :before', { before })
      .andWhere('vanished_at IS NULL')
      .execute();
    return result.affected ?? 0;
  }
}

const keyOf = (p: Pick<SeenPolicy, 'graphId' | 'policyType'>) =>
  `${p.policyType}/${p.graphId}`;

function toPolicy(row: PolicyInventoryEntity): InventoryPolicy {
  return {
    id: row.id,
    tenantId: row.tenantId,
    graphId: row.graphId,
    policyType: row.policyType,
    odataType: row.odataType,
    displayName: row.displayName,
    lastSeenAt: row.lastSeenAt,
    vanishedAt: row.vanishedAt,
  };
}
