import { FaultEnv, startFaultEnv } from './fault/harness/fault-env';
import { privateDist, removePrivateDist } from './fault/harness/processes';
import {
  CHAOS_TENANTS,
  concurrentCommands,
  graphChaos,
  workerKills,
} from './fault/harness/scenarios';

/**
 * The fast subset of the fault suite (`npm run test:fault` runs it all,
 * bigger): real worker processes, real faults, invariants after each.
 */
// Several runs with real worker processes: minutes, not seconds, on a busy machine.
jest.setTimeout(180_000);

describe('runs under injected faults', () => {
  let dist: string;
  let env: FaultEnv | undefined;

  beforeAll(() => {
    dist = privateDist();
  });

  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  afterAll(() => removePrivateDist(dist));

  it('keeps every invariant across SIGKILLed workers over 3 runs', async () => {
    env = await startFaultEnv({
      label: 'fault_kill',
      dist,
      tenants: [
        { policiesPerType: 3, faults: { latencyMs: 5 } },
        { policiesPerType: 3, faults: { latencyMs: 5 } },
      ],
    });

    const report = await workerKills(env, { runs: 3, min: 15, max: 30 });

    expect(report.violations).toEqual([]);
    expect(report.runs).toBe(3);
    expect(report.faults).toBe(3);
  }, 60_000);

  it('starts one run for 100 identical commands and keeps every invariant over 30 overlapping ones', async () => {
    env = await startFaultEnv({
      label: 'fault_concurrency',
      dist,
      tenants: [{ policiesPerType: 2 }],
    });

    const report = await concurrentCommands(env, 100, 30);

    expect(report.violations).toEqual([]);
    expect(report.identicalRuns).toBe(1);
  }, 60_000);

  it('keeps every invariant under Graph chaos', async () => {
    env = await startFaultEnv({
      label: 'fault_chaos',
      dist,
      tenants: CHAOS_TENANTS(1),
    });

    const report = await graphChaos(env, 8);

    expect(report.violations).toEqual([]);
    expect(report.runs).toBe(CHAOS_TENANTS(1).length);
  }, 90_000);
});
