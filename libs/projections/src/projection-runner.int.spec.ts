import { randomUUID } from 'node:crypto';

import { DataSource, EntityManager } from 'typeorm';

import { dataSourceOptions } from '@app/database';
import {
  NewEvent,
  Position,
  PostgresEventStore,
  RecordedEvent,
} from '@app/event-store';
import { createTestDatabase, TestDatabase, waitFor } from '@app/testing';

import { CheckpointStore } from './checkpoint-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

const OPTIONS = { batchSize: 7, lockRetryMs: 50, retryDelayMs: 20 };

/** Counts events per stream; applying an event twice shows as a wrong count. */
class CountingProjection implements Projection {
  readonly name = `p${randomUUID().slice(0, 8)}`;
  /** Each test's projection sees only its own streams. */
  readonly prefix = `${this.name}-`;
  readonly filter = { streamPrefixes: [this.prefix] };
  readonly tables = ['test_counts'];
  failOnType?: string;

  async apply(events: readonly RecordedEvent[], tx: EntityManager) {
    for (const event of events) {
      if (event.type === this.failOnType) throw new Error('cannot apply');
      await tx.query(
        `INSERT INTO test_counts (projection, stream, n) VALUES ($1, $2, 1)
         ON CONFLICT (projection, stream) DO UPDATE SET n = test_counts.n + 1`,
        [this.name, event.streamName],
      );
    }
  }
}

/** Records the size of every batch it is given. */
class BatchRecordingProjection extends CountingProjection {
  readonly batches: number[] = [];

  override async apply(events: readonly RecordedEvent[], tx: EntityManager) {
    this.batches.push(events.length);
    await super.apply(events, tx);
  }
}

/** Fails the checkpoint write of chosen batches, after the projection ran. */
class CrashingCheckpoints extends CheckpointStore {
  crashes = 0;

  override async advance(
    tx: EntityManager,
    name: string,
    position: Position,
    applied: number,
  ): Promise<void> {
    if (this.crashes > 0) {
      this.crashes--;
      throw new Error('process died between apply and checkpoint');
    }
    await super.advance(tx, name, position, applied);
  }
}

describe('ProjectionRunner', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('projection_runner');
    dataSource = await new DataSource(dataSourceOptions(db.url)).initialize();
    await dataSource.query(
      `CREATE TABLE test_counts (projection text, stream text, n int,
         PRIMARY KEY (projection, stream))`,
    );
    store = new PostgresEventStore({
      connectionString: db.url,
      maxEventBytes: 1 << 20,
      pollIntervalMs: 50,
    });
  });

  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });

  afterAll(async () => {
    await store?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  function start(
    projection: Projection,
    checkpoints = new CheckpointStore(dataSource),
  ) {
    const runner = new ProjectionRunner(
      projection,
      store,
      dataSource,
      checkpoints,
      OPTIONS,
    );
    runners.push(runner);
    runner.start();
    return runner;
  }

  async function appendEvents(
    projection: CountingProjection,
    streams: number,
    perStream: number,
    type = 'Counted',
  ) {
    const names = Array.from(
      { length: streams },
      () => `${projection.prefix}${randomUUID()}`,
    );
    for (const stream of names) {
      const events: NewEvent[] = Array.from({ length: perStream }, () => ({
        id: randomUUID(),
        type,
        data: {},
        metadata: {
          tenantId: randomUUID(),
          userId: 'u',
          correlationId: 'c',
          causationId: null,
          schemaVersion: 1,
        },
      }));
      await store.append(stream, events, { expectedRevision: 'no_stream' });
    }
    return names;
  }

  async function counts(projection: string): Promise<Map<string, number>> {
    const rows: { stream: string; n: number }[] = await dataSource.query(
      'SELECT stream, n FROM test_counts WHERE projection = $1',
      [projection],
    );
    return new Map(rows.map((row) => [row.stream, row.n]));
  }

  async function totalApplied(projection: string): Promise<number> {
    return [...(await counts(projection)).values()].reduce((a, b) => a + b, 0);
  }

  it('applies every event exactly once when a crash hits between apply and checkpoint', async () => {
    const projection = new CountingProjection();
    const streams = await appendEvents(projection, 10, 5);
    const checkpoints = new CrashingCheckpoints(dataSource);
    checkpoints.crashes = 3;

    start(projection, checkpoints);
    await waitFor(
      'all 50 events applied',
      async () => (await totalApplied(projection.name)) === 50,
    );
    await appendEvents(projection, 2, 3);
    await waitFor(
      'the live events applied',
      async () => (await totalApplied(projection.name)) === 56,
    );

    const byStream = await counts(projection.name);
    for (const stream of streams) expect(byStream.get(stream)).toBe(5);
    expect(checkpoints.crashes).toBe(0);
    const checkpoint = await checkpoints.load(projection.name);
    expect(checkpoint.eventsApplied).toBe(56);
  });

  it('applies the events of one live read in one transaction', async () => {
    const projection = new BatchRecordingProjection();
    const checkpoints = new CheckpointStore(dataSource);
    start(projection);
    await waitFor(
      'the projection live',
      async () => (await checkpoints.load(projection.name)).state === 'live',
    );

    // One append of 5 events: the subscription reads them in one page.
    await appendEvents(projection, 1, 5);
    await waitFor(
      'the live events applied',
      async () => (await totalApplied(projection.name)) === 5,
    );
    expect(projection.batches).toEqual([5]);
    expect((await checkpoints.load(projection.name)).eventsApplied).toBe(5);
  });

  it('stops with the error recorded when the projection fails, and resumes after a restart', async () => {
    const projection = new CountingProjection();
    projection.failOnType = 'Poison';
    await appendEvents(projection, 3, 2);
    await appendEvents(projection, 1, 1, 'Poison');
    await appendEvents(projection, 2, 2);
    const checkpoints = new CheckpointStore(dataSource);

    const runner = start(projection);
    const stopped = await waitFor('the projection to stop', async () => {
      const checkpoint = await checkpoints.load(projection.name);
      return checkpoint.state === 'stopped' && checkpoint;
    });

    expect(stopped.error).toBe('cannot apply');
    expect(runner.state).toBe('stopped');
    expect(await totalApplied(projection.name)).toBe(stopped.eventsApplied);
    expect(stopped.eventsApplied).toBeLessThan(6);

    projection.failOnType = undefined;
    start(projection);
    await waitFor(
      'the rest applied after restart',
      async () => (await totalApplied(projection.name)) === 11,
    );
    await waitFor(
      'the projection live again',
      async () => (await checkpoints.load(projection.name)).state === 'live',
    );
  });

  it('runs one active runner per projection', async () => {
    const projection = new CountingProjection();
    await appendEvents(projection, 5, 4);

    start(projection);
    start(projection);
    start(projection);
    await waitFor(
      '20 events applied',
      async () => (await totalApplied(projection.name)) === 20,
    );
    await appendEvents(projection, 5, 2);
    await waitFor(
      '30 events applied',
      async () => (await totalApplied(projection.name)) === 30,
    );

    expect(runners.filter((r) => r.state === 'live')).toHaveLength(1);
  });
});
