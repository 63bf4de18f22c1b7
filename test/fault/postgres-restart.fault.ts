import { FaultEnv, startFaultEnv } from './harness/fault-env';
import {
  privateDist,
  removePrivateDist,
  restartPostgres,
} from './harness/processes';
import { postgresRestart } from './harness/scenarios';

// Restarts the machine's PostgreSQL: only here, never in the CI subset,
// and this config runs one file at a time.
describe('PostgreSQL restarted mid-run', () => {
  let dist: string;
  let env: FaultEnv;

  beforeAll(async () => {
    dist = privateDist();
    env = await startFaultEnv({
      label: 'fault_full_pg',
      dist,
      tenants: Array.from({ length: 3 }, () => ({
        policiesPerType: 6,
        faults: { latencyMs: 10 },
      })),
    });
  });

  afterAll(async () => {
    await env?.close();
    removePrivateDist(dist);
  });

  it('resumes projections and the saga from their checkpoints', async () => {
    const report = await postgresRestart(env, restartPostgres, 3);

    expect(report.violations).toEqual([]);
    expect(report.runs).toBe(3);
  });
});
