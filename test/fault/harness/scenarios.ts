import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { DataSource } from 'typeorm';

import { waitFor } from '@app/testing';

import { FaultEnv, pickPolicies } from './fault-env';
import { InvariantReport } from './invariants';
import { ApiProcess, startApiProcess } from './processes';

/** What a scenario did, for the README's numbers. */
export interface ScenarioResult extends InvariantReport {
  readonly scenario: string;
  readonly faults: number;
}

function result(
  scenario: string,
  env: FaultEnv,
  report: InvariantReport,
): ScenarioResult {
  const summary = { scenario, faults: env.faults, ...report };
  // One line per scenario: the README's table is built from these.
  process.stdout.write(
    `fault-suite ${JSON.stringify({ ...summary, violations: summary.violations.length })}\n`,
  );
  return summary;
}

async function outcomeCount(env: FaultEnv): Promise<number> {
  const [{ count }] = await env.t.app.get(DataSource).query(
    `SELECT count(*)::int AS count FROM event_store_events
        WHERE event_type IN ('PolicyCaptured', 'PolicyCaptureFailed')`,
  );
  return count;
}

/**
 * `runs` runs of `min`-`max` policies over two workers; a random worker
 * is SIGKILLed at a random moment of each run and replaced.
 */
export async function workerKills(
  env: FaultEnv,
  size: { runs: number; min: number; max: number },
): Promise<ScenarioResult> {
  env.startWorkers(2);
  for (let i = 0; i < size.runs; i++) {
    const seed = env.seeds[i % env.seeds.length];
    await env.startRun(
      seed,
      pickPolicies(seed, randomInt(size.min, size.max + 1)),
    );
    // A random kill moment: the fault, not a wait for a consumer.
    await sleep(randomInt(50, 1_500));
    await env.killRandomWorker();
  }
  return result('worker SIGKILL', env, await env.settle(size.runs * 20_000));
}

/** Redis SIGKILLed (nothing saved) mid-run, then started empty. */
export async function redisLoss(
  env: FaultEnv,
  redis: { kill(): Promise<void>; start(): Promise<void> },
  runs: number,
): Promise<ScenarioResult> {
  env.startWorkers(2);
  for (let i = 0; i < runs; i++) {
    const seed = env.seeds[i % env.seeds.length];
    await env.startRun(seed, pickPolicies(seed, 60));
  }
  await waitFor('some outcomes', async () => (await outcomeCount(env)) >= 20, {
    timeoutMs: 60_000,
  });
  await redis.kill();
  await sleep(randomInt(200, 1_500));
  await redis.start();
  env.faults += 1;
  return result('Redis lost mid-run', env, await env.settle(180_000));
}

/** The shared PostgreSQL restarted mid-run (full suite only). */
export async function postgresRestart(
  env: FaultEnv,
  restart: () => void,
  runs: number,
): Promise<ScenarioResult> {
  env.startWorkers(2);
  for (let i = 0; i < runs; i++) {
    const seed = env.seeds[i % env.seeds.length];
    await env.startRun(seed, pickPolicies(seed, 80));
  }
  await waitFor('some outcomes', async () => (await outcomeCount(env)) >= 20, {
    timeoutMs: 60_000,
  });
  restart();
  env.faults += 1;
  return result('PostgreSQL restarted mid-run', env, await env.settle(180_000));
}

/**
 * `count` identical commands at once: one run, one AddPoliciesRequested.
 * Then `overlappingCount` commands over overlapping windows of the same
 * policies.
 */
export async function concurrentCommands(
  env: FaultEnv,
  count: number,
  overlappingCount = count,
): Promise<ScenarioResult & { identicalRuns: number }> {
  const seed = env.seeds[0];
  const all = [...seed.policies.keys()].sort();
  const selection = all.slice(0, 10);
  const identical = await Promise.all(
    Array.from({ length: count }, () => env.command(seed, selection)),
  );
  const statuses = new Set(identical.map((r) => r.status));
  const identicalRuns = new Set(identical.map((r) => r.body.runId)).size;
  if (statuses.size !== 1 || !statuses.has(202)) {
    throw new Error(`identical commands answered ${[...statuses].join(',')}`);
  }
  const [{ requested }] = await env.t.app.get(DataSource).query(
    `SELECT count(*)::int AS requested FROM event_store_events
      WHERE event_type = 'AddPoliciesRequested' AND data->>'runId' = $1`,
    [identical[0].body.runId],
  );

  const overlapping = await Promise.all(
    Array.from({ length: overlappingCount }, () => {
      const start = randomInt(0, all.length - 5);
      const ids = all.slice(start, start + randomInt(3, 15));
      return env.command(seed, ids);
    }),
  );
  const accepted = overlapping.filter((r) => r.status === 202);
  const refused = overlapping.filter((r) => r.status !== 202);
  env.startWorkers(2);
  const report = await env.settle();
  const violations = [...report.violations];
  if (identicalRuns !== 1) violations.push(`${identicalRuns} identical runs`);
  if (requested !== 1) violations.push(`${requested} AddPoliciesRequested`);
  for (const r of refused) {
    violations.push(`overlapping command answered ${r.status}: ${r.text}`);
  }
  const ids = new Set(accepted.map((r) => r.body.runId as string));
  const [{ known }] = await env.t.app.get(DataSource).query(
    `SELECT count(DISTINCT data->>'runId')::int AS known FROM event_store_events
      WHERE event_type = 'AddPoliciesRequested' AND data->>'runId' = ANY($1)`,
    [[...ids]],
  );
  if (known !== ids.size) {
    violations.push(`${ids.size - known} accepted runs without their event`);
  }
  return {
    ...result('concurrent commands', env, { ...report, violations }),
    identicalRuns,
  };
}

/**
 * Clients send commands to a real API process that is SIGKILLed at a
 * random moment and restarted; each client retries until it gets a 2xx.
 * Every 2xx must have its event and every retry the same run. Workers
 * start afterwards, so a retried selection still has its run active.
 */
export async function apiKill(
  env: FaultEnv,
  clients: number,
): Promise<ScenarioResult> {
  const apiEnv = { ...env.workerEnv };
  let api: ApiProcess | undefined = await startApiProcess(env.dist, apiEnv);
  const url = api.url;
  const port = Number(new URL(url).port);
  const seed = env.seeds[0];
  const token = await env.t.token([[seed.tenantId, 'operator']], 'client');
  const path = `/v1/tenants/${seed.tenantId}/backup-sets/${seed.backupSetId}/add-policies`;
  const answers = new Map<number, string[]>();

  const client = async (n: number, selection: string[]) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ policyIds: selection }),
        });
        const body = (await response.json()) as { runId: string };
        if (response.status === 202) {
          answers.set(n, [...(answers.get(n) ?? []), body.runId]);
          if ((answers.get(n)?.length ?? 0) >= 3) return;
          continue;
        }
      } catch {
        // The API is down: retry.
      }
      await sleep(50);
    }
  };
  const selections = Array.from({ length: clients }, () =>
    pickPolicies(seed, randomInt(3, 20)),
  );
  const running = selections.map((selection, n) => client(n, selection));
  await sleep(randomInt(20, 300));
  await api.kill('SIGKILL');
  env.faults += 1;
  api = await startApiProcess(env.dist, apiEnv, port);
  await Promise.all(running);
  await api.kill('SIGTERM');

  const violations: string[] = [];
  const db = env.t.app.get(DataSource);
  for (const [n, runIds] of answers) {
    if (new Set(runIds).size !== 1) {
      violations.push(`client ${n} got runs ${[...new Set(runIds)]}`);
    }
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM event_store_events
        WHERE event_type = 'AddPoliciesRequested' AND data->>'runId' = $1`,
      [runIds[0]],
    );
    if (count !== 1) violations.push(`run ${runIds[0]} has ${count} requests`);
  }
  if (answers.size !== clients) {
    violations.push(`${clients - answers.size} clients never got a 2xx`);
  }
  env.startWorkers(2);
  const report = await env.settle();
  return result('API SIGKILL with commands in flight', env, {
    ...report,
    violations: [...report.violations, ...violations],
  });
}

/**
 * Each tenant meets its own Graph faults (see `CHAOS_TENANTS`); some
 * objects are deleted while the runs go on.
 */
export async function graphChaos(
  env: FaultEnv,
  perRun: number,
): Promise<ScenarioResult> {
  env.startWorkers(2);
  const deleted: string[] = [];
  for (const seed of env.seeds) {
    const selection = pickPolicies(seed, perRun);
    await env.startRun(seed, selection);
    for (const id of selection.slice(0, 2)) {
      const { graphId } = seed.policies.get(id)!;
      env.simulator.deletePolicy(
        env.simulator.tenants[env.seeds.indexOf(seed)].tenantId,
        graphId,
      );
      deleted.push(id);
      env.faults += 1;
    }
  }
  const report = await env.settle(180_000);
  const violations = [...report.violations];
  const failures: { data: { message: string; policyId: string } }[] =
    await env.t.app
      .get(DataSource)
      .query(
        `SELECT data FROM event_store_events WHERE event_type = 'PolicyCaptureFailed'`,
      );
  for (const { data } of failures) {
    if (/bearer\s+(?!\[redacted\])\S/i.test(data.message)) {
      violations.push(`unsanitised failure message: ${data.message}`);
    }
  }
  for (const seed of env.seeds) {
    env.faults += env.simulator
      .requestLog(env.simulator.tenants[env.seeds.indexOf(seed)].tenantId)
      .filter((entry) => entry.fault).length;
  }
  return result('Graph chaos', env, { ...report, violations });
}

/** Simulator tenants for `graphChaos`, one fault family each. */
export const CHAOS_TENANTS = (policiesPerType: number) => [
  {
    policiesPerType,
    faults: {
      throttle: { budget: 20, windowMs: 1_000, retryAfter: 'seconds' as const },
    },
  },
  {
    policiesPerType,
    faults: {
      throttle: {
        budget: 20,
        windowMs: 1_000,
        retryAfter: 'none' as const,
      },
    },
  },
  {
    policiesPerType,
    faults: { serverErrorRate: 0.25, serviceUnavailableRate: 0.1 },
  },
  {
    policiesPerType,
    faults: {
      hangRate: 0.03,
      resetRate: 0.1,
      malformedRate: 0.1,
      latencyMs: { min: 0, max: 30 },
    },
  },
  { policiesPerType, faults: { deleteAfterListRate: 0.2 } },
];
