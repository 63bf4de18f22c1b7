import { FaultEnv, startFaultEnv } from './harness/fault-env';
import {
  privateDist,
  removePrivateDist,
  startPrivateRedis,
} from './harness/processes';
import { redisLoss } from './harness/scenarios';

describe('Redis killed without saving mid-run', () => {
  let dist: string;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let env: FaultEnv;

  beforeAll(async () => {
    dist = privateDist();
    redis = await startPrivateRedis();
    env = await startFaultEnv({
      label: 'fault_full_redis',
      dist,
      redisUrl: redis.url,
      tenants: Array.from({ length: 3 }, () => ({
        policiesPerType: 5,
        faults: { latencyMs: 10 },
      })),
    });
  });

  afterAll(async () => {
    await env?.close();
    await redis?.close();
    removePrivateDist(dist);
  });

  it('lets the reconciler finish every run', async () => {
    const report = await redisLoss(env, redis, 3);

    expect(report.violations).toEqual([]);
    expect(report.runs).toBe(3);
  });
});
