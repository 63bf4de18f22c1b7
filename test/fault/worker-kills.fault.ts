import { FaultEnv, startFaultEnv } from './harness/fault-env';
import { privateDist, removePrivateDist } from './harness/processes';
import { workerKills } from './harness/scenarios';

describe('worker processes SIGKILLed at random moments', () => {
  let dist: string;
  let env: FaultEnv;

  beforeAll(async () => {
    dist = privateDist();
    env = await startFaultEnv({
      label: 'fault_full_kill',
      dist,
      tenants: Array.from({ length: 4 }, () => ({
        policiesPerType: 13,
        faults: { latencyMs: { min: 2, max: 15 } },
      })),
    });
  });

  afterAll(async () => {
    await env?.close();
    removePrivateDist(dist);
  });

  it('keeps every invariant across 20 runs of 50-200 policies', async () => {
    const report = await workerKills(env, { runs: 20, min: 50, max: 200 });

    expect(report.violations).toEqual([]);
    expect(report.runs).toBeGreaterThanOrEqual(20);
    expect(report.faults).toBe(20);
  });
});
