import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import { Redis } from 'ioredis';
import { Pool } from 'pg';

import { RUNS_PROJECTION } from '@app/bulk-operations';
import { PostgresEventStore, Position, START } from '@app/event-store';

import {
  FaultOptions,
  startGraphSimulator,
} from '../../apps/graph-simulator/src';
import { SIMULATED_TO_POLICY_TYPE } from '../../libs/graph/src/testing/simulator-graph';
import type { FanOutJob, FanOutMessage } from '../processes/bull-fan-out';
import { BenchContext } from '../support/context';
import { CpuShares, cpuPerUnit } from '../support/cpu';
import { BenchResult, result } from '../support/results';
import {
  benchRedisPrefix,
  createBenchDatabase,
  DIST,
  freePort,
  REDIS_URL,
  seedTenant,
  Seeded,
  serviceEnv,
  startProcess,
} from '../support/services';
import { percentile } from '../support/stats';

const POLICY_TYPE_COUNT = Object.keys(SIMULATED_TO_POLICY_TYPE).length;
const TERMINAL = ['completed', 'completed_with_errors', 'failed'];
/**
 * How often the runs projection's checkpoint is sampled for lag. Lag reads
 * up to this much high; sampling faster took CPU from the run measured
 * (every 5 ms cost about a fifth of a core on this machine).
 */
const LAG_SAMPLE_MS = 20;

interface Scenario {
  readonly label: string;
  readonly policies: number;
  readonly faults: FaultOptions;
  readonly graphRatePer20s: number;
  /** Also time the bare Bull fan-out over the same simulator tenant. */
  readonly baseline: boolean;
}

interface RunMeasure {
  readonly wallMs: number;
  readonly run: Record<string, unknown>;
  readonly lagsMs: number[];
  readonly workerPeakRssMb: number;
  readonly baselineMs?: number;
  readonly graphRequests: number;
  readonly throttled: number;
}

/**
 * One run through the real processes: the API and a worker (which runs
 * the saga, the capture jobs and the projections), the simulator in this
 * process. Wall time is from the POST to the terminal status in the read
 * model. Projection lag: the checkpoint of the runs projection is sampled
 * every LAG_SAMPLE_MS; an event's lag is the first sample at or past it
 * minus its recorded time.
 */
async function measureRun(
  ctx: BenchContext,
  scenario: Scenario,
): Promise<RunMeasure> {
  const perType = Math.ceil(scenario.policies / POLICY_TYPE_COUNT);
  const simulator = await startGraphSimulator({
    seed: 11,
    tenants: [{ policiesPerType: perType, faults: scenario.faults }],
  });
  const simulated = simulator.tenants[0];
  const db = await createBenchDatabase(scenario.label);
  const redis = benchRedisPrefix(scenario.label);
  const env = serviceEnv(db, redis.prefix, {
    GRAPH_BASE_URL: simulator.baseUrl,
    GRAPH_AUTHORITY_HOST: simulator.authorityHost,
    GRAPH_RATE_PER_20S: String(scenario.graphRatePer20s),
    WORKER_CONCURRENCY: '8',
  });
  const policies = simulated.policies.slice(0, scenario.policies);
  const seeded = await seedTenant(
    env,
    policies.map((p) => ({
      graphId: p.id,
      policyType: SIMULATED_TO_POLICY_TYPE[p.type],
      odataType: p.odataType,
      displayName: p.displayName,
    })),
    {
      entraTenantId: simulated.tenantId,
      clientId: simulated.clientId,
      clientSecret: simulated.clientSecret,
    },
  );
  const pool = new Pool({ connectionString: db.url, max: 2 });
  // pool.end() can resolve before a client's socket closes; the database
  // dropped right after then ends it with an error nobody else hears.
  pool.on('error', () => undefined);
  const api = await startProcess('apps/api/src/main.js', freePort(), env);
  const worker = await startProcess('apps/worker/src/main.js', freePort(), env);
  let sampling = true;
  let sampler: Promise<void> | undefined;
  try {
    const samples: { at: number; position: Position }[] = [];
    sampler = (async () => {
      while (sampling) {
        const { rows } = await pool.query<{ position: Position }>(
          'SELECT position FROM projection_checkpoints WHERE name = $1',
          [RUNS_PROJECTION],
        );
        if (rows[0])
          samples.push({ at: Date.now(), position: rows[0].position });
        await new Promise((r) => setTimeout(r, LAG_SAMPLE_MS));
      }
    })();

    simulator.clearRequestLog(simulated.tenantId);
    const started = performance.now();
    const { result: run, ...cpu } = await cpuPerUnit(
      [api.pid, worker.pid],
      async () => waitForTerminal(pool, (await postRun(api.url, seeded)).runId),
      () => policies.length,
    );
    const wallMs = performance.now() - started;
    // Lets the sampler see the terminal event's checkpoint too.
    await new Promise((r) => setTimeout(r, 50));
    sampling = false;
    await sampler;
    const peakRss = await peakRssMb(worker.pid);
    const log = simulator.requestLog(simulated.tenantId);
    const measure = {
      wallMs,
      run,
      lagsMs: await projectionLags(db.url, samples),
      workerPeakRssMb: peakRss,
      graphRequests: log.filter((e) => e.status !== 429).length,
      throttled: log.filter((e) => e.status === 429).length,
    };
    ctx.log(
      `${scenario.label}: ${policies.length} policies, ${run.status} in ${wallMs.toFixed(0)} ms, ${measure.graphRequests} Graph requests, ${measure.throttled} throttled, worker peak RSS ${peakRss.toFixed(0)} MB; ${cpuLine(cpu)}`,
    );
    if (!scenario.baseline) return measure;

    await worker.stop();
    await emptyGraphBudget(redis.prefix, seeded.tenantId);
    simulator.setFaults(simulated.tenantId, scenario.faults);
    simulator.clearRequestLog(simulated.tenantId);
    const baseline = await fanOut(
      env,
      seeded,
      policies.map((p) => ({
        tenantId: seeded.tenantId,
        policyType: SIMULATED_TO_POLICY_TYPE[p.type],
        graphId: p.id,
      })),
    );
    const baselineMs = baseline.wallMs;
    ctx.log(
      `bare Bull fan-out: ${baselineMs.toFixed(0)} ms, ${simulator.requestLog(simulated.tenantId).length} Graph requests; ${cpuLine(baseline.cpu)}`,
    );
    return { ...measure, baselineMs };
  } finally {
    // A run that failed leaves the sampler running: stop it before its pool.
    sampling = false;
    await sampler?.catch(() => undefined);
    await Promise.all([api.stop(), worker.stop()]);
    await pool.end();
    await simulator.close();
    await db.drop();
    await redis.flush();
  }
}

async function postRun(
  url: string,
  seeded: Seeded,
): Promise<{ runId: string }> {
  const response = await fetch(
    `${url}/v1/tenants/${seeded.tenantId}/backup-sets/${seeded.backupSetId}/add-policies`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${seeded.token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        policyIds: seeded.policyIds,
        includeAssignments: true,
      }),
    },
  );
  if (response.status !== 202) {
    throw new Error(
      `add-policies answered ${response.status}: ${await response.text()}`,
    );
  }
  return (await response.json()) as { runId: string };
}

async function waitForTerminal(
  pool: Pool,
  runId: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    // The status alone: the row holds the run's items, and reading them
    // 100 times a second cost the machine as much CPU as the run's
    // PostgreSQL work.
    const { rows } = await pool.query<{ status: string }>(
      'SELECT status FROM bulk_operation_runs WHERE id = $1',
      [runId],
    );
    if (rows[0] && TERMINAL.includes(rows[0].status)) {
      const { rows: run } = await pool.query(
        'SELECT * FROM bulk_operation_runs WHERE id = $1',
        [runId],
      );
      return run[0];
    }
    if (Date.now() > deadline) throw new Error(`run ${runId} did not finish`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function projectionLags(
  url: string,
  samples: readonly { at: number; position: Position }[],
): Promise<number[]> {
  const store = new PostgresEventStore({
    connectionString: url,
    maxEventBytes: 1024 * 1024,
  });
  try {
    const lags: number[] = [];
    let from = START;
    let s = 0;
    for (;;) {
      const page = await store.readAll({ from, maxCount: 1_000 });
      if (page.length === 0) return lags;
      for (const event of page) {
        while (s < samples.length && samples[s].position < event.position) s++;
        if (s === samples.length) return lags;
        lags.push(Math.max(0, samples[s].at - event.recordedAt.getTime()));
      }
      from = page[page.length - 1].position;
    }
  } finally {
    await store.close();
  }
}

/** The process's peak resident memory so far (the kernel's high-water mark). */
async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : 0;
}

/**
 * The tenant's Graph budget is a sliding window in Redis under the prefix
 * both sides share (`graph-rate` in GraphModule). The service's requests
 * of the last 20 s would otherwise still count against the baseline, which
 * must start with the empty window the service started with.
 */
async function emptyGraphBudget(
  redisPrefix: string,
  tenantId: string,
): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    await redis.del(`${redisPrefix}:graph-rate:${tenantId}`);
  } finally {
    redis.disconnect();
  }
}

/** CPU per item by who spent it; the bench process serves the simulator. */
function cpuLine({ msPerUnit }: CpuShares): string {
  const { service, postgres, load } = msPerUnit;
  return `CPU per item: service ${service.toFixed(2)} ms, PostgreSQL ${postgres.toFixed(2)} ms, simulator ${load.toFixed(2)} ms`;
}

/**
 * Runs the bare Bull fan-out in its own process; answers its wall time and
 * the CPU it cost.
 */
async function fanOut(
  env: Record<string, string>,
  seeded: Seeded,
  jobs: FanOutJob[],
): Promise<{ wallMs: number; cpu: CpuShares }> {
  const child = fork(resolve(DIST, 'bench/processes/bull-fan-out.js'), {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    await nextMessage(child, 'ready');
    const started = performance.now();
    const cpu = await cpuPerUnit(
      [child.pid!],
      async () => {
        child.send(jobs);
        const done = await nextMessage(child, 'done');
        if (done.kind === 'done' && done.failed > 0) {
          throw new Error(`${done.failed} baseline jobs failed`);
        }
      },
      () => jobs.length,
    );
    return { wallMs: performance.now() - started, cpu };
  } finally {
    child.kill('SIGTERM');
  }
}

function nextMessage(
  child: ReturnType<typeof fork>,
  kind: FanOutMessage['kind'],
): Promise<FanOutMessage> {
  return new Promise((done, fail) => {
    const onExit = (code: number | null) =>
      fail(new Error(`the fan-out process exited (${code})`));
    child.once('exit', onExit);
    child.on('message', function listen(message: FanOutMessage) {
      if (message.kind !== kind) return;
      child.off('message', listen);
      child.off('exit', onExit);
      done(message);
    });
  });
}

export async function endToEndBenchmark(
  ctx: BenchContext,
): Promise<BenchResult[]> {
  // The simulator does not throttle here, and the limiter is set above
  // what the run asks for (3,256 requests at 1,000 policies), so neither
  // side waits for a Graph budget: the ratio is the service's own cost.
  const graphRatePer20s = 100_000;
  // This machine's speed drifts within minutes, the baseline's wall time
  // as much as ours: the full run alternates the two three times and
  // compares medians.
  const rounds: RunMeasure[] = [];
  for (let round = 0; round < (ctx.quick ? 1 : 3); round++) {
    const m = await measureRun(ctx, {
      label: 'end_to_end',
      policies: ctx.quick ? 100 : 1_000,
      faults: { latencyMs: 20 },
      graphRatePer20s,
      baseline: true,
    });
    ctx.log(`round ${round + 1}: ${(m.wallMs / m.baselineMs!).toFixed(3)}x`);
    rounds.push(m);
  }
  const wallMs = percentile(
    rounds.map((m) => m.wallMs),
    50,
  );
  const baselineMs = percentile(
    rounds.map((m) => m.baselineMs!),
    50,
  );
  const lagsMs = rounds.flatMap((m) => m.lagsMs);
  const completed = rounds.every((m) => m.run.status === 'completed');
  return [
    result({
      name: `end-to-end run, ${rounds[0].run.total} policies, 20 ms Graph latency${rounds.length > 1 ? `, median of ${rounds.length}` : ''}`,
      value: wallMs,
      unit: 'ms',
      baseline: { name: 'bare Bull fan-out', value: baselineMs },
      target: '<= 1.15x baseline',
      meets: (_, ratio) => ratio !== null && ratio <= 1.15 && completed,
    }),
    result({
      name: 'projection lag p99 (runs projection)',
      value: percentile(lagsMs, 99),
      unit: 'ms',
      target: '< 200 ms',
      meets: (value) => value < 200,
    }),
    result({
      name: 'projection lag p50 (runs projection)',
      value: percentile(lagsMs, 50),
      unit: 'ms',
    }),
  ];
}

export async function throttledBenchmark(
  ctx: BenchContext,
): Promise<BenchResult[]> {
  const windowMs = 20_000;
  const budget = ctx.quick ? 150 : 1_000;
  const m = await measureRun(ctx, {
    label: 'throttled',
    policies: ctx.quick ? 200 : 2_000,
    faults: { latencyMs: 20, throttle: { budget, windowMs } },
    // The operator sets the service's rate to the tenant's budget.
    graphRatePer20s: budget,
    baseline: false,
  });
  // A sliding budget lets `budget` requests through per window: the last
  // one can go no sooner than this.
  const minimumMs = Math.floor((m.graphRequests - 1) / budget) * windowMs;
  const throttledFailures = Number(m.run.failed);
  return [
    result({
      name: `throttled run, ${m.run.total} policies, ${budget} requests per 20 s`,
      value: m.wallMs,
      unit: 'ms',
      baseline: {
        name: `throttle minimum for ${m.graphRequests} requests`,
        value: minimumMs,
      },
      target: '<= 1.1x minimum, 0 failed',
      meets: (_, ratio) =>
        ratio !== null && ratio <= 1.1 && throttledFailures === 0,
    }),
    result({
      name: 'throttled run, items failed',
      value: throttledFailures,
      unit: 'items',
      target: '0',
      meets: (value) => value === 0,
    }),
    result({
      name: 'throttled run, 429 answers seen',
      value: m.throttled,
      unit: 'requests',
    }),
  ];
}

export async function memoryBenchmark(
  ctx: BenchContext,
): Promise<BenchResult[]> {
  const m = await measureRun(ctx, {
    label: 'memory',
    policies: ctx.quick ? 500 : 5_000,
    faults: {},
    // As fast as the workers go: the hardest case for memory.
    graphRatePer20s: 100_000,
    baseline: false,
  });
  return [
    result({
      name: `worker peak RSS, ${m.run.total}-policy run`,
      value: m.workerPeakRssMb,
      unit: 'MB',
      target: '< 300 MB',
      meets: (value) => value < 300,
    }),
  ];
}
