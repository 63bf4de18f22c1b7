import { FaultEnv, startFaultEnv } from './harness/fault-env';
import { privateDist, removePrivateDist } from './harness/processes';
import { concurrentCommands } from './harness/scenarios';

describe('100 concurrent commands', () => {
  let dist: string;
  let env: FaultEnv;

  beforeAll(async () => {
    dist = privateDist();
    env = await startFaultEnv({
      label: 'fault_full_concurrency',
      dist,
      tenants: [{ policiesPerType: 4 }],
    });
  });

  afterAll(async () => {
    await env?.close();
    removePrivateDist(dist);
  });

  it('starts one run for identical ones and keeps every invariant over overlapping ones', async () => {
    const report = await concurrentCommands(env, 100, 100);

    expect(report.violations).toEqual([]);
    expect(report.identicalRuns).toBe(1);
  });
});
