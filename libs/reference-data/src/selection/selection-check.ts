import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PreparedStatement } from '@app/database';

import { isUuid } from '../uuid';

/** What a selection of policies for a backup set refers to. */
export interface SelectionCheck {
  /** The backup set exists in the tenant and is not deleted. */
  readonly backupSetActive: boolean;
  /** The ids not in the tenant's inventory, or vanished from it, in order. */
  readonly missingPolicyIds: string[];
}

// One round trip for both questions: commands ask them on every request.
// Only the absent ids come back, usually none: the answer stays a few
// bytes however large the selection.
export const SELECTION_CHECK = new PreparedStatement<{
  backup_set_active: boolean;
  absent: string[];
}>(
  'selection_check',
  `
  SELECT EXISTS (
           SELECT 1 FROM backup_sets b
            WHERE b.tenant_id = $1 AND b.id = $2 AND b.deleted_at IS NULL
         ) AS backup_set_active,
         ARRAY (
           SELECT w.id::text FROM unnest($3::uuid[]) AS w (id)
             LEFT JOIN LATERAL (
               -- A primary key lookup per selected id, whatever the
               -- statistics: the id is the only condition (LIMIT keeps the
               -- planner from turning this into a join over the table).
               -- With the tenant in the condition too, a fresh table's
               -- generic plan walked a (tenant_id, ...) index through the
               -- tenant's whole inventory for each id.
               SELECT p.tenant_id, p.vanished_at FROM policy_inventory p
                WHERE p.id = w.id
                LIMIT 1
             ) hit ON true
            WHERE hit.tenant_id IS DISTINCT FROM $1
               OR hit.vanished_at IS NOT NULL
         ) AS absent`,
);

/**
 * Checks a selection against the tenant's backup sets and inventory.
 * Both lookups carry the tenant id, so another tenant's ids are simply
 * absent. Malformed ids count as absent without reaching PostgreSQL.
 */
@Injectable()
export class SelectionChecks {
  constructor(private readonly dataSource: DataSource) {}

  async check(
    tenantId: string,
    backupSetId: string,
    policyIds: readonly string[],
  ): Promise<SelectionCheck> {
    const wanted = policyIds.filter(isUuid);
    if (!isUuid(tenantId) || !isUuid(backupSetId)) {
      return { backupSetActive: false, missingPolicyIds: [...policyIds] };
    }
    const [row] = await SELECTION_CHECK.rows(this.dataSource, [
      tenantId,
      backupSetId,
      wanted,
    ]);
    const absent = new Set(row.absent);
    return {
      backupSetActive: row.backup_set_active,
      missingPolicyIds: policyIds.filter(
        (id) => !isUuid(id) || absent.has(id.toLowerCase()),
      ),
    };
  }
}
