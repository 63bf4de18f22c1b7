import { randomUUID } from 'node:crypto';

import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';

import { AppConfigModule } from '@app/config';
import { POLICY_TYPES, Tenants } from '@app/reference-data';
import { createTestDatabase, TestDatabase } from '@app/testing';

import { DemoSeedModule } from './demo-seed.module';
import { DemoSeeder, DemoSeedRequest } from './demo-seeder';

describe('DemoSeeder', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let seeder: DemoSeeder;

  const request = (extra: Partial<DemoSeedRequest> = {}): DemoSeedRequest => ({
    tenantId: extra.tenantId ?? randomUUID(),
    policies: 40,
    displayName: 'Demo',
    backupSetName: 'Demo backup set',
    entraTenantId: randomUUID(),
    ...extra,
  });

  beforeAll(async () => {
    db = await createTestDatabase('demo_seed');
    moduleRef = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }),
        DemoSeedModule,
      ],
    }).compile();
    await moduleRef.init();
    seeder = moduleRef.get(DemoSeeder);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await db?.drop();
  });

  it('creates a tenant, a backup set and policies of every type', async () => {
    const result = await seeder.seed(request());

    expect(result.policyIds).toHaveLength(40);
    const types = await moduleRef
      .get(DataSource)
      .query(
        'SELECT DISTINCT policy_type FROM policy_inventory WHERE tenant_id = $1',
        [result.tenantId],
      );
    expect(types).toHaveLength(POLICY_TYPES.length);
  });

  it('reuses everything when run again for the same tenant', async () => {
    const tenantId = randomUUID();
    const first = await seeder.seed(request({ tenantId }));

    const second = await seeder.seed(request({ tenantId, policies: 45 }));

    expect(second.backupSetId).toBe(first.backupSetId);
    expect(second.policyIds.slice(0, 40)).toEqual(first.policyIds);
    expect(new Set(second.policyIds).size).toBe(45);
  });

  it('stores the Graph credentials it is given, encrypted', async () => {
    const tenantId = randomUUID();
    await seeder.seed(request({ tenantId }));

    await seeder.seed(
      request({
        tenantId,
        graphClientId: 'simulator-app',
        graphClientSecret: 'simulator-secret',
      }),
    );

    const credentials = await moduleRef.get(Tenants).graphCredentials(tenantId);
    expect(credentials).toMatchObject({
      clientId: 'simulator-app',
      clientSecret: 'simulator-secret',
    });
  });
});
