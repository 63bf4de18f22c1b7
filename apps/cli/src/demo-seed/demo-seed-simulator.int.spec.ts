import { randomUUID } from 'node:crypto';

import { Test, TestingModule } from '@nestjs/testing';

import { AppConfigModule, loadAppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import {
  PolicyInventory,
  ReferenceDataModule,
  Tenants,
} from '@app/reference-data';
import {
  createTestDatabase,
  TestDatabase,
  testRedisPrefix,
  TEST_REDIS_URL,
} from '@app/testing';

import {
  GraphSimulator,
  startGraphSimulator,
} from '../../../graph-simulator/src';
import { SIMULATED_TO_POLICY_TYPE } from '../../../../libs/graph/src/testing/simulator-graph';
import { CliOutput } from '../cli-output';
import { CliUsageError } from '../cli-usage.error';
import { DemoSeedCommand, DemoSeedOptions } from './demo-seed.command';
import { DemoSeedResult } from './demo-seeder';

const SEED = 17;

/** Keeps what the command prints instead of writing to stdout. */
class CapturedOutput extends CliOutput {
  readonly lines: string[] = [];

  override line(text: string): void {
    this.lines.push(text);
  }
}

describe('demo:seed --simulator', () => {
  const redis = testRedisPrefix('demo_seed_simulator');
  let simulator: GraphSimulator;
  let db: TestDatabase;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    simulator = await startGraphSimulator({ seed: SEED });
    db = await createTestDatabase('demo_seed_simulator');
    // The command builds its own context from the environment, like the
    // CLI does; this file's environment is its own under Jest.
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: redis.prefix,
      GRAPH_BASE_URL: simulator.baseUrl,
      GRAPH_AUTHORITY_HOST: simulator.authorityHost,
      SIMULATOR_SEED: String(SEED),
      LOG_LEVEL: 'silent',
    });
    moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(), DatabaseModule, ReferenceDataModule],
    }).compile();
    await moduleRef.init();
  });

  afterAll(async () => {
    await moduleRef?.close();
    await simulator?.close();
    await db?.drop();
    await redis.flush();
  });

  async function seed(options: DemoSeedOptions): Promise<DemoSeedResult> {
    const output = new CapturedOutput();
    const command = new DemoSeedCommand(loadAppConfig(process.env), output);
    await command.run([], options);
    expect(output.lines).toHaveLength(1);
    return JSON.parse(output.lines[0]) as DemoSeedResult;
  }

  it('prints inventory ids of the simulator tenant’s policies, every one', async () => {
    const result = await seed({ simulator: true });

    const simulated = simulator.tenants[0];
    const rows = await moduleRef
      .get(PolicyInventory)
      .findMany(result.tenantId, result.policyIds);
    expect(rows).toHaveLength(result.policyIds.length);
    expect(
      rows.map((row) => `${row.policyType}/${row.graphId}`).sort(),
    ).toEqual(
      simulated.policies
        .map((p) => `${SIMULATED_TO_POLICY_TYPE[p.type]}/${p.id}`)
        .filter((key) => !key.startsWith('appProtectionWindows/'))
        .sort(),
    );
  });

  it('stores the simulator tenant’s credentials, so the worker can sync it', async () => {
    const { tenantId } = await seed({ simulator: true });

    const credentials = await moduleRef.get(Tenants).graphCredentials(tenantId);

    const simulated = simulator.tenants[0];
    expect(credentials).toEqual({
      entraTenantId: simulated.tenantId,
      clientId: simulated.clientId,
      clientSecret: simulated.clientSecret,
    });
  });

  it('prints the same ids when run again for the tenant', async () => {
    const tenant = randomUUID();
    const first = await seed({ simulator: true, tenant });

    const second = await seed({ simulator: true, tenant });

    expect(second.policyIds).toEqual(first.policyIds);
    expect(second.backupSetId).toBe(first.backupSetId);
  });

  it('turns an existing made-up tenant into a simulator one', async () => {
    const tenant = randomUUID();
    const madeUp = await seed({ tenant, policies: 5 });

    const synced = await seed({ simulator: true, tenant });

    const present = await moduleRef
      .get(PolicyInventory)
      .search(tenant, { limit: 1000 });
    expect(present.items.map((p) => p.id).sort()).toEqual(
      [...synced.policyIds].sort(),
    );
    expect(synced.policyIds).not.toEqual(
      expect.arrayContaining(madeUp.policyIds),
    );
  });

  it('refuses --simulator while Graph points at Microsoft', async () => {
    const command = new DemoSeedCommand(
      loadAppConfig({ ...process.env, GRAPH_BASE_URL: undefined }),
      new CapturedOutput(),
    );

    await expect(command.run([], { simulator: true })).rejects.toThrow(
      CliUsageError,
    );
  });
});
