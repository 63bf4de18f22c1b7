import { randomUUID } from 'node:crypto';

import { Test, TestingModule } from '@nestjs/testing';

import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { GraphCaptureError, GraphClientFactory } from '@app/graph';
import { RedisModule } from '@app/redis';
import { ReferenceDataModule, Tenants } from '@app/reference-data';
import {
  createTestDatabase,
  TestDatabase,
  testRedisPrefix,
  TEST_REDIS_URL,
} from '@app/testing';

import {
  GraphSimulator,
  startGraphSimulator,
} from '../../../apps/graph-simulator/src';
import { TenantGraphCredentials } from './tenant-graph-credentials';
import { TenantGraphModule } from './tenant-graph.module';

describe('TenantGraphModule over the tenants table', () => {
  const redis = testRedisPrefix('tenant_graph');
  const tenantId = randomUUID();
  let simulator: GraphSimulator;
  let db: TestDatabase;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    simulator = await startGraphSimulator({ seed: 23 });
    db = await createTestDatabase('tenant_graph');
    moduleRef = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot({
          DATABASE_URL: db.url,
          REDIS_URL: TEST_REDIS_URL,
          REDIS_PREFIX: redis.prefix,
          GRAPH_BASE_URL: simulator.baseUrl,
          GRAPH_AUTHORITY_HOST: simulator.authorityHost,
          LOG_LEVEL: 'silent',
        }),
        DatabaseModule,
        RedisModule,
        ReferenceDataModule,
        TenantGraphModule,
      ],
      providers: [TenantGraphCredentials],
    }).compile();
    await moduleRef.init();
    const simulated = simulator.tenants[0];
    await moduleRef.get(Tenants).create({
      id: tenantId,
      displayName: 'Simulated',
      entraTenantId: simulated.tenantId,
      graphClientId: simulated.clientId,
      graphClientSecret: simulated.clientSecret,
    });
  });

  afterAll(async () => {
    await moduleRef?.close();
    await simulator?.close();
    await db?.drop();
    await redis.flush();
  });

  it('reads Graph with the credentials stored for the tenant', async () => {
    const client = moduleRef.get(GraphClientFactory).forTenant(tenantId);

    const intents = await client.list('deviceManagement/intents');

    expect(intents.map((i) => i.id)).toEqual(
      simulator.tenants[0].policies
        .filter((p) => p.type === 'intent')
        .map((p) => p.id),
    );
  });

  it('refuses an unknown tenant with a final forbidden error', async () => {
    const credentials = moduleRef.get(TenantGraphCredentials);

    const error = await credentials
      .credentialsFor(randomUUID())
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphCaptureError);
    expect(error).toMatchObject({ code: 'forbidden', retryable: false });
  });

  it('fails a read for an unknown tenant at once, without asking Graph', async () => {
    const before = simulator.tokenRequestCount(simulator.tenants[0].tenantId);
    const client = moduleRef.get(GraphClientFactory).forTenant(randomUUID());

    await expect(client.list('deviceManagement/intents')).rejects.toMatchObject(
      { code: 'forbidden', retryable: false },
    );
    expect(simulator.tokenRequestCount(simulator.tenants[0].tenantId)).toBe(
      before,
    );
  });
});
