import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

import { Pool } from 'pg';

import { PostgresEventStore } from '@app/event-store';

import { AppendLoad, outcomeEvent } from '../processes/append-load';
import type { CatchUpRead } from '../processes/catch-up-read';
import { BenchContext } from '../support/context';
import { BenchResult, result } from '../support/results';
import {
  createBenchDatabase,
  DIST,
  startScriptFlags,
} from '../support/services';

const execFileAsync = promisify(execFile);

/** What a load process prints: how many events, in how long. */
interface Measured {
  readonly events: number;
  readonly seconds: number;
}

/**
 * Runs a script of `bench/processes` in a fresh process with `flags`,
 * its input as JSON in the arguments and its answer as JSON on stdout.
 */
async function inFreshProcess(
  script: string,
  input: object,
  flags: readonly string[] = [],
): Promise<Measured> {
  const { stdout } = await execFileAsync(process.execPath, [
    ...flags,
    resolve(DIST, 'bench/processes', script),
    JSON.stringify(input),
  ]);
  return JSON.parse(stdout) as Measured;
}

/** Runs one append load in a fresh process (see `append-load.ts`). */
function appendLoad(load: AppendLoad): Promise<Measured> {
  return inFreshProcess('append-load.js', load);
}

interface Shape {
  readonly label: string;
  readonly writers: number;
  readonly batch: number;
}

const SHAPES: readonly Shape[] = [
  { label: 'single events, 1 writer', writers: 1, batch: 1 },
  { label: 'single events, 8 writers', writers: 8, batch: 1 },
  { label: 'batches of 10, 8 writers', writers: 8, batch: 10 },
];

/**
 * Appends on the PostgreSQL adapter, Emmett's PostgreSQL store and raw
 * INSERTs of the same rows, one database, one shape after the other; each
 * writer owns a stream and appends with its exact expected revision.
 */
export async function eventStoreBenchmark(
  ctx: BenchContext,
): Promise<BenchResult[]> {
  const db = await createBenchDatabase('event_store');
  const ours = new PostgresEventStore({
    connectionString: db.url,
    maxEventBytes: 1024 * 1024,
    poolSize: 10,
  });
  const raw = new Pool({ connectionString: db.url, max: 10 });
  // pool.end() can resolve before a client's socket closes; the database
  // dropped right after then ends it with an error nobody else hears.
  raw.on('error', () => undefined);
  const results: BenchResult[] = [];
  const durationMs = ctx.quick ? 2_000 : 6_000;
  try {
    await raw.query(`
      CREATE TABLE bench_raw_events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_name text NOT NULL,
        revision bigint NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        event_type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (stream_name, revision))`);

    for (const shape of SHAPES) {
      const run = (store: AppendLoad['store']) =>
        appendLoad({ store, url: db.url, ...shape, durationMs });
      const oursRun = await run('ours');
      const emmettRun = await run('emmett');
      const rawRun = await run('raw');

      const oursRate = oursRun.events / oursRun.seconds;
      const emmettRate = emmettRun.events / emmettRun.seconds;
      const rawRate = rawRun.events / rawRun.seconds;
      results.push(
        result({
          name: `event store append, ${shape.label}`,
          value: oursRate,
          unit: 'events/s',
          baseline: { name: 'Emmett PostgreSQL', value: emmettRate },
          target: '>= 1.5x Emmett',
          meets: (_, ratio) => ratio !== null && ratio >= 1.5,
        }),
        result({
          name: `event store append vs raw INSERT, ${shape.label}`,
          value: oursRate,
          unit: 'events/s',
          baseline: { name: 'raw INSERT', value: rawRate },
          target: '>= 0.5x raw',
          meets: (_, ratio) => ratio !== null && ratio >= 0.5,
        }),
      );
      ctx.log(
        `${shape.label}: ours ${oursRate.toFixed(0)}/s, Emmett ${emmettRate.toFixed(0)}/s, raw ${rawRate.toFixed(0)}/s`,
      );
    }

    results.push(await catchUpRead(ctx, ours, raw, db.url));
  } finally {
    await ours.close();
    await raw.end();
    await db.drop();
  }
  return results;
}

/**
 * Fills the log to a size, then reads it all from the start in pages, in
 * a process of its own (`catch-up-read.ts`).
 */
async function catchUpRead(
  ctx: BenchContext,
  store: PostgresEventStore,
  raw: Pool,
  url: string,
): Promise<BenchResult> {
  const wanted = ctx.quick ? 50_000 : 200_000;
  const { rows } = await raw.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM event_store_events',
  );
  const missing = wanted - rows[0].n;
  const perAppend = 500;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      const stream = `bulkOperation-${randomUUID()}`;
      const runId = randomUUID();
      let revision = -1n;
      for (let n = 0; n < missing / 4; n += perAppend) {
        const events = Array.from({ length: perAppend }, () =>
          outcomeEvent(runId),
        );
        ({ nextExpectedRevision: revision } = await store.append(
          stream,
          events,
          { expectedRevision: revision < 0n ? 'no_stream' : revision },
        ));
      }
    }),
  );

  // As the rebuild benchmark does: a log is read long after it was
  // written, when autovacuum has set its visibility hints; the first read
  // of freshly written rows would pay for setting them.
  await raw.query('VACUUM ANALYZE event_store_events');

  const { events: read, seconds } = await inFreshProcess(
    'catch-up-read.js',
    { url, pageSize: 1_000 } satisfies CatchUpRead,
    startScriptFlags('apps/worker/src/main.js'),
  );
  const rate = read / seconds;
  ctx.log(`catch-up read: ${read} events at ${rate.toFixed(0)}/s`);
  return result({
    name: `event store catch-up read (${read} events)`,
    value: rate,
    unit: 'events/s',
    target: '>= 100,000 events/s',
    meets: (value) => value >= 100_000,
  });
}
