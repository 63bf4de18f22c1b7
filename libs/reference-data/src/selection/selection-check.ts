import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { isUuid } from '../uuid';

/** What a selection of policies for a backup set refers to. */
export interface SelectionCheck {
  /** The backup set exists in the tenant and is not deleted. */
  readonly backupSetActive: boolean;
  /** The ids not in the tenant's inventory, or vanished from it, in order. */
  readonly missingPolicyIds: string[];
}

// One round trip for both questions: commands ask them on every request.
const CHECK_SQL = `
  SELECT EXISTS (
           SELECT 1 FROM backup_sets b
            WHERE b.tenant_id = $1 AND b.id = $2 AND b.deleted_at IS NULL
         ) AS backup_set_active,
         ARRAY (
           SELECT p.id::text FROM policy_inventory p
            WHERE p.tenant_id = $1 AND p.id = ANY ($3::uuid[])
              AND p.vanished_at IS NULL
         ) AS present`;

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
    const [row] = (await this.dataSource.query(CHECK_SQL, [
      tenantId,
      backupSetId,
      wanted,
    ])) as Array<{ backup_set_active: boolean; present: string[] }>;
    const present = new Set(row.present);
    return {
      backupSetActive: row.backup_set_active,
      missingPolicyIds: policyIds.filter(
        (id) => !present.has(id.toLowerCase()),
      ),
    };
  }
}
