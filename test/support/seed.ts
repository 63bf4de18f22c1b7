import { randomUUID } from 'node:crypto';

import { INestApplication } from '@nestjs/common';

import {
  BackupSets,
  POLICY_TYPES,
  PolicyInventory,
  Tenants,
} from '@app/reference-data';

export interface SeededTenant {
  readonly tenantId: string;
  readonly backupSetId: string;
  readonly policyIds: string[];
}

/** A tenant with a backup set and `policies` inventory entries. */
export async function seedTenant(
  app: INestApplication,
  policies: number,
): Promise<SeededTenant> {
  const tenantId = randomUUID();
  await app.get(Tenants).create({
    id: tenantId,
    displayName: `Tenant ${tenantId.slice(0, 8)}`,
    entraTenantId: randomUUID(),
    graphClientId: randomUUID(),
    graphClientSecret: 'test-graph-secret',
  });
  const backupSet = await app
    .get(BackupSets)
    .create(tenantId, { name: 'Nightly' }, 'seed');
  const seen = await app.get(PolicyInventory).recordSeen(
    tenantId,
    Array.from({ length: policies }, (_, i) => ({
      graphId: randomUUID(),
      policyType: POLICY_TYPES[i % POLICY_TYPES.length],
      displayName: `Policy ${i}`,
    })),
  );
  return {
    tenantId,
    backupSetId: backupSet.id,
    policyIds: seen.map((p) => p.id),
  };
}
