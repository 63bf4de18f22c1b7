import { randomUUID } from 'node:crypto';

import { useTestDataSource } from '@app/testing';

import { SELECTION_CHECK, SelectionChecks } from './selection-check';

describe('SelectionChecks', () => {
  const data = useTestDataSource('selection_checks');
  let checks: SelectionChecks;

  const tenant = randomUUID();
  const other = randomUUID();
  const liveSet = randomUUID();
  const deletedSet = randomUUID();
  const othersSet = randomUUID();
  const present = [randomUUID(), randomUUID()];
  const vanished = randomUUID();
  const othersPolicy = randomUUID();

  beforeAll(async () => {
    checks = new SelectionChecks(data.db);
    for (const id of [tenant, other]) {
      await data.db.query(
        `INSERT INTO tenants (id, display_name, entra_tenant_id, graph_client_id,
                              graph_client_secret_encrypted)
         VALUES ($1, 'T', $2, 'client', 'sealed')`,
        [id, randomUUID()],
      );
    }
    const sets: Array<[string, string, boolean]> = [
      [liveSet, tenant, false],
      [deletedSet, tenant, true],
      [othersSet, other, false],
    ];
    for (const [id, owner, deleted] of sets) {
      await data.db.query(
        `INSERT INTO backup_sets (id, tenant_id, name, created_by, deleted_at)
         VALUES ($1::uuid, $2::uuid, $1::text, 'test', CASE WHEN $3 THEN now() END)`,
        [id, owner, deleted],
      );
    }
    const policies: Array<[string, string, boolean]> = [
      ...present.map((id): [string, string, boolean] => [id, tenant, false]),
      [vanished, tenant, true],
      [othersPolicy, other, false],
    ];
    for (const [id, owner, gone] of policies) {
      await data.db.query(
        `INSERT INTO policy_inventory
           (id, tenant_id, graph_id, policy_type, display_name, vanished_at)
         VALUES ($1::uuid, $2::uuid, $1::text, 'settingsCatalog', 'P',
                 CASE WHEN $3 THEN now() END)`,
        [id, owner, gone],
      );
    }
  });

  it('finds a live backup set and every present policy', async () => {
    await expect(checks.check(tenant, liveSet, present)).resolves.toEqual({
      backupSetActive: true,
      missingPolicyIds: [],
    });
  });

  it('lists unknown, vanished and foreign policies as missing, in order', async () => {
    const unknown = randomUUID();

    const result = await checks.check(tenant, liveSet, [
      othersPolicy,
      present[0],
      vanished,
      unknown,
    ]);

    expect(result.missingPolicyIds).toEqual([othersPolicy, vanished, unknown]);
  });

  it.each([
    ['deleted', () => deletedSet],
    ["another tenant's", () => othersSet],
    ['an unknown', () => randomUUID()],
    ['a malformed', () => 'not-a-uuid'],
  ])('does not find %s backup set', async (_label, set) => {
    const result = await checks.check(tenant, set(), present);

    expect(result.backupSetActive).toBe(false);
  });

  it('counts malformed policy ids as missing without asking PostgreSQL to cast them', async () => {
    const result = await checks.check(tenant, liveSet, [present[1], 'x']);

    expect(result).toEqual({ backupSetActive: true, missingPolicyIds: ['x'] });
  });

  it('looks ids up by primary key without statistics', async () => {
    // A tenant with many policies and no ANALYZE yet, as right after a
    // first inventory sync: a plan that walks a (tenant_id, ...) index for
    // each id reads all of them per selected id.
    await data.db.query(
      `INSERT INTO policy_inventory
         (id, tenant_id, graph_id, policy_type, display_name)
       SELECT gen_random_uuid(), $1, g::text, 'settingsCatalog', 'P' || g
         FROM generate_series(1, 2000) g`,
      [tenant],
    );
    const runner = data.db.createQueryRunner();
    try {
      await runner.query('SET plan_cache_mode = force_generic_plan');
      await runner.query(
        `PREPARE plan_probe (uuid, uuid, uuid[]) AS ${SELECTION_CHECK.text}`,
      );
      const plan = (
        (await runner.query(
          `EXPLAIN (COSTS OFF) EXECUTE plan_probe ('${tenant}', '${liveSet}',
             ARRAY['${present[0]}', '${vanished}']::uuid[])`,
        )) as Array<{ 'QUERY PLAN': string }>
      )
        .map((row) => row['QUERY PLAN'])
        .join('\n');

      expect(plan).toMatch(/Index Scan using policy_inventory_pkey/);
      expect(plan).not.toMatch(/policy_inventory_tenant/);
      expect(plan).not.toMatch(/Seq Scan on policy_inventory/);
    } finally {
      await runner.query('DEALLOCATE ALL').catch(() => undefined);
      await runner.query('RESET plan_cache_mode').catch(() => undefined);
      await runner.release();
    }
  });
});
