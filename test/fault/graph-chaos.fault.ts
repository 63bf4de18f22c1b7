import { FaultEnv, startFaultEnv } from './harness/fault-env';
import { privateDist, removePrivateDist } from './harness/processes';
import { CHAOS_TENANTS, graphChaos } from './harness/scenarios';

describe('Graph chaos from the simulator', () => {
  let dist: string;
  let env: FaultEnv;

  beforeAll(async () => {
    dist = privateDist();
    env = await startFaultEnv({
      label: 'fault_full_chaos',
      dist,
      tenants: CHAOS_TENANTS(4),
    });
  });

  afterAll(async () => {
    await env?.close();
    removePrivateDist(dist);
  });

  it('retries, fails with sanitised reasons, and loses nothing', async () => {
    const report = await graphChaos(env, 60);

    expect(report.violations).toEqual([]);
    expect(report.runs).toBe(CHAOS_TENANTS(4).length);
  });
});
