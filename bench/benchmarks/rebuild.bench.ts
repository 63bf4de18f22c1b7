import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { INestApplicationContext } from '@nestjs/common';

import { Pool } from 'pg';
import { DataSource } from 'typeorm';

import {
  bulkOperationStreamName,
  BulkOperationEvent,
  RUNS_PROJECTION,
} from '@app/bulk-operations';
import {
  EventStore,
  NewEvent,
  PostgresEventStore,
  START,
} from '@app/event-store';
import {
  CheckpointStore,
  ProjectionHost,
  ProjectionRunner,
} from '@app/projections';

import { BenchContext } from '../support/context';
import { BenchResult, result } from '../support/results';
import {
  benchRedisPrefix,
  createBenchDatabase,
  DIST,
  scriptFlags,
  serviceEnv,
  withContext,
} from '../support/services';

const execFileAsync = promisify(execFile);

const RUN_SIZE = 100;

/** One finished run as its stream holds it: request, start, outcomes, end. */
function runEvents(tenantId: string): {
  stream: string;
  events: NewEvent[];
} {
  const runId = randomUUID();
  const key = randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '');
  const policyIds = Array.from({ length: RUN_SIZE }, () => randomUUID()).sort();
  const failedEvery = 25;
  const domain: BulkOperationEvent[] = [
    {
      type: 'AddPoliciesRequested',
      data: {
        runId,
        tenantId,
        backupSetId: randomUUID(),
        policyIds,
        options: {
          includeAssignments: true,
          includeScopeTags: true,
          includeFoundations: false,
        },
        requestedBy: 'bench',
        idempotencyKey: key,
      },
    },
    {
      type: 'BulkOperationRunStarted',
      data: { runId, scheduledCount: RUN_SIZE },
    },
    ...policyIds.map((policyId, i): BulkOperationEvent =>
      i % failedEvery === 0
        ? {
            type: 'PolicyCaptureFailed',
            data: {
              runId,
              policyId,
              reasonCode: 'not_found',
              message: 'The policy no longer exists in Intune.',
              attempts: 1,
            },
          }
        : {
            type: 'PolicyCaptured',
            data: {
              runId,
              policyId,
              policyType: 'settingsCatalog',
              snapshotHash: key,
              attempts: 1,
            },
          },
    ),
  ];
  const failed = Math.ceil(RUN_SIZE / failedEvery);
  domain.push({
    type: 'BulkOperationRunCompleted',
    data: {
      runId,
      status: 'completed_with_errors',
      total: RUN_SIZE,
      succeeded: RUN_SIZE - failed,
      failed,
      skipped: 0,
    },
  });
  return {
    stream: bulkOperationStreamName(key),
    events: domain.map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        tenantId,
        userId: 'bench',
        correlationId: runId,
        causationId: null,
        schemaVersion: 1,
      },
    })),
  };
}

/**
 * Rebuilds the runs projection (with the support staff's CLI command)
 * over a log of finished runs, against a raw INSERT ... SELECT
 * of one row per event into a table shaped like the item rows.
 */
export async function rebuildBenchmark(
  ctx: BenchContext,
): Promise<BenchResult[]> {
  const total = ctx.quick ? 20_000 : 200_000;
  const db = await createBenchDatabase('rebuild');
  const redis = benchRedisPrefix('rebuild');
  const store = new PostgresEventStore({
    connectionString: db.url,
    maxEventBytes: 1024 * 1024,
  });
  const pool = new Pool({ connectionString: db.url, max: 2 });
  // pool.end() can resolve before a client's socket closes; the database
  // dropped right after then ends it with an error nobody else hears.
  pool.on('error', () => undefined);
  try {
    const tenantId = randomUUID();
    const runs = Math.ceil(total / (RUN_SIZE + 3));
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < runs) {
          next++;
          const { stream, events } = runEvents(tenantId);
          await store.append(stream, events, { expectedRevision: 'no_stream' });
        }
      }),
    );
    const { rows } = await pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM event_store_events',
    );
    ctx.log(`${rows[0].n} events in ${runs} runs`);
    await pool.query('VACUUM ANALYZE event_store_events');

    const env = serviceEnv(db, redis.prefix);
    const rebuilt = await rebuildWithCli(env);
    const rate = rebuilt.events / (rebuilt.durationMs / 1000);
    ctx.log(
      `rebuilt ${rebuilt.events} events in ${rebuilt.durationMs} ms (${rate.toFixed(0)}/s)`,
    );
    const app = await withContext(env);
    let catchUpRate: number;
    try {
      catchUpRate = await runnerCatchUp(app, pool, rebuilt.events);
      ctx.log(`live runner caught up at ${catchUpRate.toFixed(0)}/s`);
    } finally {
      await app.close();
    }

    await pool.query(`
      CREATE TABLE bench_raw_items (
        run_id uuid NOT NULL,
        policy_id uuid NOT NULL,
        tenant_id text NOT NULL,
        status text NOT NULL,
        snapshot_hash text,
        updated_at timestamptz NOT NULL,
        global_position bigint PRIMARY KEY)`);
    const started = performance.now();
    const inserted = await pool.query(`
      INSERT INTO bench_raw_items
      SELECT (data ->> 'runId')::uuid,
             coalesce((data ->> 'policyId')::uuid, (data ->> 'runId')::uuid),
             tenant_id, event_type, data ->> 'snapshotHash', recorded_at,
             global_position
        FROM event_store_events`);
    const rawRate =
      (inserted.rowCount ?? 0) / ((performance.now() - started) / 1000);
    ctx.log(`raw INSERT ... SELECT: ${rawRate.toFixed(0)} rows/s`);

    return [
      result({
        name: `projection rebuild, runs (${rows[0].n} events)`,
        value: rate,
        unit: 'events/s',
        baseline: { name: 'raw INSERT ... SELECT', value: rawRate },
        target: '>= 40,000 events/s',
        meets: (value) => value >= 40_000,
      }),
      result({
        name: `projection catch-up from the start, runs (live runner)`,
        value: catchUpRate,
        unit: 'events/s',
      }),
    ];
  } finally {
    await store.close();
    await pool.end();
    await db.drop();
    await redis.flush();
  }
}

/**
 * Rebuilds the runs projection as support staff do: the `cli` script's
 * command in a process of its own, with that script's Node flags. The CLI
 * prints the rebuild's own duration, start-up excluded.
 */
async function rebuildWithCli(
  env: Record<string, string>,
): Promise<{ events: number; durationMs: number }> {
  const entry = 'apps/cli/src/main.js';
  const { stdout } = await execFileAsync(
    process.execPath,
    [
      ...scriptFlags('cli', entry),
      resolve(DIST, entry),
      'projections:rebuild',
      RUNS_PROJECTION,
    ],
    { env: { ...process.env, ...env } },
  );
  const reported = / (\d+) events in (\d+) ms$/m.exec(stdout);
  if (!reported) throw new Error(`the CLI reported no rebuild: ${stdout}`);
  return { events: Number(reported[1]), durationMs: Number(reported[2]) };
}

/**
 * The live runner's catch-up over the same log: the projection's tables
 * emptied and its checkpoint moved to the start, as after a restore or a
 * new projection; timed until the checkpoint has applied every event.
 */
async function runnerCatchUp(
  app: INestApplicationContext,
  pool: Pool,
  events: number,
): Promise<number> {
  await pool.query(
    'TRUNCATE bulk_operation_run_items, bulk_operation_runs CASCADE',
  );
  await pool.query(
    `UPDATE projection_checkpoints SET position = $2, events_applied = 0
      WHERE name = $1`,
    [RUNS_PROJECTION, START],
  );
  const projection = app
    .get(ProjectionHost)
    .projections()
    .find((p) => p.name === RUNS_PROJECTION);
  if (!projection) throw new Error(`${RUNS_PROJECTION} is not registered`);
  const runner = new ProjectionRunner(
    projection,
    app.get(EventStore),
    app.get(DataSource),
    app.get(CheckpointStore),
  );
  const started = performance.now();
  runner.start();
  try {
    for (;;) {
      const { rows } = await pool.query<{ applied: number }>(
        'SELECT events_applied::int AS applied FROM projection_checkpoints WHERE name = $1',
        [RUNS_PROJECTION],
      );
      if (rows[0].applied >= events) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return events / ((performance.now() - started) / 1000);
  } finally {
    await runner.stop();
  }
}
