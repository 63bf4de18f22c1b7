import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';

import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { RedisConnection, RedisModule } from '@app/redis';
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
import { PolicyCaptureService } from './capture/policy-capture.service';
import {
  GraphCredentials,
  GraphCredentialsSource,
} from './client/auth/graph-credentials-source';
import { GraphModule } from './graph.module';
import { SnapshotStore } from './snapshot/snapshot-store';

const TENANT_ID = randomUUID();
let simulator: GraphSimulator;

@Injectable()
class SimulatorCredentials extends GraphCredentialsSource {
  async credentialsFor(tenantId: string): Promise<GraphCredentials> {
    if (tenantId !== TENANT_ID) throw new Error('unknown tenant');
    const tenant = simulator.tenants[0];
    return {
      entraTenantId: tenant.tenantId,
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
    };
  }
}

describe('GraphModule', () => {
  const redis = testRedisPrefix('graph-module');
  let database: TestDatabase;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    simulator = await startGraphSimulator({ seed: 4 });
    database = await createTestDatabase('graph_module');
    moduleRef = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot({
          NODE_ENV: 'test',
          DATABASE_URL: database.url,
          REDIS_URL: TEST_REDIS_URL,
          REDIS_PREFIX: redis.prefix,
          GRAPH_BASE_URL: simulator.baseUrl,
          GRAPH_AUTHORITY_HOST: simulator.authorityHost,
        }),
        RedisModule,
        DatabaseModule,
        GraphModule.forRoot({ credentialsSource: SimulatorCredentials }),
      ],
    }).compile();
    await moduleRef.init();
  });
  afterAll(async () => {
    await moduleRef?.close();
    await simulator?.close();
    await database?.drop();
    await redis.flush();
  });

  describe('when wired with the configuration', () => {
    it('captures from Graph and stores the snapshot', async () => {
      const capture = moduleRef.get(PolicyCaptureService);
      const store = moduleRef.get(SnapshotStore);
      const seeded = simulator.tenants[0].policies.find(
        (p) => p.type === 'settingsCatalog',
      )!;

      const snapshot = await capture.capturePolicy(
        TENANT_ID,
        { policyType: 'settingsCatalog', graphId: seeded.id },
        { includeAssignments: true, includeScopeTags: true },
      );
      const { hash } = await store.save(snapshot);

      const stored = await store.get(TENANT_ID, hash);
      expect(stored?.content).toEqual(snapshot.content);
      expect(stored?.content.policy.settings).toHaveLength(
        seeded.settingsCount,
      );
    });

    it('counts requests in the tenant key under the Redis prefix', async () => {
      const connection = moduleRef.get(RedisConnection);
      const key = connection.key('graph-rate', TENANT_ID);

      expect(key.startsWith(`${redis.prefix}:`)).toBe(true);
      expect(await connection.client.zcard(key)).toBeGreaterThan(0);
    });
  });
});
