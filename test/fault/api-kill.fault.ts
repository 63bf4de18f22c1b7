import { FaultEnv, startFaultEnv } from './harness/fault-env';
import { privateDist, removePrivateDist } from './harness/processes';
import { apiKill } from './harness/scenarios';

describe('the API process SIGKILLed with commands in flight', () => {
  let dist: string;
  let env: FaultEnv;

  beforeAll(async () => {
    dist = privateDist();
    env = await startFaultEnv({
      label: 'fault_full_api',
      dist,
      tenants: [{ policiesPerType: 6 }],
    });
  });

  afterAll(async () => {
    await env?.close();
    removePrivateDist(dist);
  });

  it('has an event for every 2xx and gives retrying clients the same run', async () => {
    const report = await apiKill(env, 40);

    expect(report.violations).toEqual([]);
    expect(report.faults).toBe(1);
  });
});
