import { randomUUID } from 'node:crypto';

import { INestApplication } from '@nestjs/common';

import { BackupSets, PolicyInventory, Tenants } from '@app/reference-data';

import { SimulatedTenantInfo } from '../../apps/graph-simulator/src';
import { SIMULATED_TO_POLICY_TYPE } from '../../libs/graph/src/testing/simulator-graph';

export interface SimulatedSeed {
  readonly tenantId: string;
  readonly backupSetId: string;
  /** Inventory id to the simulator's policy. */
  readonly policies: Map<string, { graphId: string; type: string }>;
}

/**
 * A tenant of ours pointing at a simulator tenant, with a backup set and
 * the simulator's policies in its inventory.
 */
export async function seedSimulatedTenant(
  app: INestApplication,
  simulated: SimulatedTenantInfo,
): Promise<SimulatedSeed> {
  const tenantId = randomUUID();
  await app.get(Tenants).create({
    id: tenantId,
    displayName: 'Simulated',
    entraTenantId: simulated.tenantId,
    graphClientId: simulated.clientId,
    graphClientSecret: simulated.clientSecret,
  });
  const backupSet = await app
    .get(BackupSets)
    .create(tenantId, { name: 'Nightly' }, 'seed');
  const seen = await app.get(PolicyInventory).recordSeen(
    tenantId,
    simulated.policies.map((policy) => ({
      graphId: policy.id,
      policyType: SIMULATED_TO_POLICY_TYPE[policy.type],
      odataType: policy.odataType,
      displayName: policy.displayName,
    })),
  );
  return {
    tenantId,
    backupSetId: backupSet.id,
    policies: new Map(
      seen.map((row, i) => [
        row.id,
        { graphId: simulated.policies[i].id, type: row.policyType },
      ]),
    ),
  };
}
