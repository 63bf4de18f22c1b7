import { randomUUID } from 'node:crypto';

import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';

import { NewEvent, PostgresEventStore, START } from '@app/event-store';

import { BenchContext } from '../support/context';
import { BenchResult, result } from '../support/results';
import { createBenchDatabase } from '../support/services';
import { forDuration } from '../support/stats';

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

/** A captured-policy outcome: the store's most common event. */
function outcome(runId: string): NewEvent {
  return {
    id: randomUUID(),
    type: 'PolicyCaptured',
    data: {
      runId,
      policyId: randomUUID(),
      policyType: 'settingsCatalog',
      snapshotHash: randomUUID().replace(/-/g, '').repeat(2),
      attempts: 1,
    },
    metadata: {
      tenantId: '5b0e3d2c-9f40-4c59-8d5a-1f1d7a1f3c11',
      userId: 'bench',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      schemaVersion: 1,
    },
  };
}

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
  const emmett = getPostgreSQLEventStore(db.url);
  const raw = new Pool({ connectionString: db.url, max: 10 });
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
    // Emmett creates its schema on first use; not part of the timing.
    await emmett.appendToStream(`warmup-${randomUUID()}`, [
      { type: 'Warmup', data: {} },
    ]);

    for (const shape of SHAPES) {
      const runId = randomUUID();
      const streams = Array.from(
        { length: shape.writers },
        () => `bulkOperation-${randomUUID()}`,
      );
      const batchOf = () =>
        Array.from({ length: shape.batch }, () => outcome(runId));

      const oursRevisions = streams.map(() => -1n);
      const oursRun = await forDuration(
        shape.writers,
        durationMs,
        async (w) => {
          const revision = oursRevisions[w];
          const { nextExpectedRevision } = await ours.append(
            `${streams[w]}-ours`,
            batchOf(),
            { expectedRevision: revision < 0n ? 'no_stream' : revision },
          );
          oursRevisions[w] = nextExpectedRevision;
          return shape.batch;
        },
      );

      const emmettVersions = streams.map(() => 0n);
      const emmettRun = await forDuration(
        shape.writers,
        durationMs,
        async (w) => {
          const { nextExpectedStreamVersion } = await emmett.appendToStream(
            `${streams[w]}-emmett`,
            batchOf().map((e) => ({
              type: e.type,
              data: e.data as Record<string, unknown>,
              metadata: e.metadata,
            })),
            { expectedStreamVersion: emmettVersions[w] },
          );
          emmettVersions[w] = nextExpectedStreamVersion;
          return shape.batch;
        },
      );

      const rawRevisions = streams.map(() => 0);
      const rawRun = await forDuration(
        shape.writers,
        durationMs,
        async (w) => {
          const events = batchOf();
          const values: unknown[] = [];
          const rows = events.map((e, i) => {
            values.push(
              `${streams[w]}-raw`,
              rawRevisions[w] + i,
              e.id,
              e.type,
              JSON.stringify(e.data),
              JSON.stringify(e.metadata),
            );
            const p = i * 6;
            return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6})`;
          });
          await raw.query(
            `INSERT INTO bench_raw_events
               (stream_name, revision, event_id, event_type, data, metadata)
             VALUES ${rows.join(', ')}`,
            values,
          );
          rawRevisions[w] += events.length;
          return shape.batch;
        },
      );

      const oursRate = oursRun.units / oursRun.seconds;
      const emmettRate = emmettRun.units / emmettRun.seconds;
      const rawRate = rawRun.units / rawRun.seconds;
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

    results.push(await catchUpRead(ctx, ours, raw));
  } finally {
    await ours.close();
    await emmett.close();
    await raw.end();
    await db.drop();
  }
  return results;
}

/** Fills the log to a size, then reads it all from the start in pages. */
async function catchUpRead(
  ctx: BenchContext,
  store: PostgresEventStore,
  raw: Pool,
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
        const events = Array.from({ length: perAppend }, () => outcome(runId));
        ({ nextExpectedRevision: revision } = await store.append(
          stream,
          events,
          { expectedRevision: revision < 0n ? 'no_stream' : revision },
        ));
      }
    }),
  );

  const started = performance.now();
  let read = 0;
  let from = START;
  for (;;) {
    const page = await store.readAll({ from, maxCount: 1_000 });
    if (page.length === 0) break;
    read += page.length;
    from = page[page.length - 1].position;
  }
  const rate = read / ((performance.now() - started) / 1000);
  ctx.log(`catch-up read: ${read} events at ${rate.toFixed(0)}/s`);
  return result({
    name: `event store catch-up read (${read} events)`,
    value: rate,
    unit: 'events/s',
    target: '>= 100,000 events/s',
    meets: (value) => value >= 100_000,
  });
}
