import { randomUUID } from 'node:crypto';

import { DataSource, EntityManager } from 'typeorm';

import { dataSourceOptions } from '@app/database';
import { PostgresEventStore, RecordedEvent } from '@app/event-store';
import { createTestDatabase, TestDatabase, waitFor } from '@app/testing';

import { CheckpointStore } from '../checkpoint-store';
import { Projection } from '../projection';
import { ProjectionRunner } from '../projection-runner';
import { ProjectionRebuild, RebuildOptions } from './projection-rebuild';

const REBUILD: RebuildOptions = {
  batchSize: 4,
  lockTimeoutMs: 250,
  lockAttempts: 40,
};

/** Parents and their children, a foreign key between them. */
class FamilyProjection implements Projection {
  readonly name = `family-${randomUUID().slice(0, 8)}`;
  readonly filter = { streamPrefixes: ['family-'] };
  readonly tables = ['test_parents', 'test_children'];
  /** Leaves the parents out: every child row breaks the foreign key. */
  orphanChildren = false;

  async apply(events: readonly RecordedEvent[], tx: EntityManager) {
    for (const event of events) {
      const { id, parentId } = event.data as { id: string; parentId?: string };
      if (event.type === 'ParentAdded' && !this.orphanChildren) {
        await tx.query('INSERT INTO test_parents (id) VALUES ($1)', [id]);
      } else if (event.type === 'ChildAdded') {
        await tx.query(
          'INSERT INTO test_children (id, parent_id) VALUES ($1, $2)',
          [id, parentId],
        );
      }
    }
  }
}

describe('ProjectionRebuild', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let checkpoints: CheckpointStore;
  const projection = new FamilyProjection();

  beforeAll(async () => {
    db = await createTestDatabase('projection_rebuild');
    dataSource = await new DataSource(dataSourceOptions(db.url)).initialize();
    await dataSource.query('CREATE TABLE test_parents (id uuid PRIMARY KEY)');
    await dataSource.query(
      `CREATE TABLE test_children (
         id uuid PRIMARY KEY,
         parent_id uuid NOT NULL REFERENCES test_parents (id))`,
    );
    store = new PostgresEventStore({
      connectionString: db.url,
      maxEventBytes: 1 << 20,
      pollIntervalMs: 50,
    });
    checkpoints = new CheckpointStore(dataSource);
    for (let family = 0; family < 5; family++) {
      const parentId = randomUUID();
      await store.append(
        `family-${parentId}`,
        [
          { type: 'ParentAdded', data: { id: parentId } },
          ...Array.from({ length: 3 }, () => ({
            type: 'ChildAdded',
            data: { id: randomUUID(), parentId },
          })),
        ].map((event) => ({
          ...event,
          id: randomUUID(),
          metadata: {
            tenantId: randomUUID(),
            userId: 'u',
            correlationId: 'c',
            causationId: null,
            schemaVersion: 1,
          },
        })),
        { expectedRevision: 'no_stream' },
      );
    }
    const runner = new ProjectionRunner(
      projection,
      store,
      dataSource,
      checkpoints,
      { batchSize: 3, lockRetryMs: 50, retryDelayMs: 20 },
    );
    runner.start();
    await waitFor(
      'the live tables caught up',
      async () =>
        (await checkpoints.load(projection.name)).eventsApplied === 20,
    );
    await runner.stop();
  });

  afterAll(async () => {
    await store?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  const rebuild = () =>
    ProjectionRebuild.begin(projection, {
      store,
      dataSource,
      checkpoints,
      options: REBUILD,
    });

  async function contents() {
    return {
      parents: await dataSource.query('SELECT * FROM test_parents ORDER BY id'),
      children: await dataSource.query(
        'SELECT * FROM test_children ORDER BY id',
      ),
    };
  }

  async function foreignKeys(): Promise<string[]> {
    const rows = await dataSource.query<{ def: string }[]>(
      `SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY ($1::regclass[])
        ORDER BY 1`,
      [['public.test_parents', 'public.test_children']],
    );
    return rows.map((row) => row.def);
  }

  it('replays many pages into copies equal to the live tables, foreign keys included', async () => {
    const live = await contents();
    const keys = await foreignKeys();

    const verified = await (await rebuild()).verify();
    const rebuilt = await (await rebuild()).rebuild();

    expect(verified.differences).toEqual([]);
    expect(rebuilt.events).toBe(20);
    expect(await contents()).toEqual(live);
    expect(await foreignKeys()).toEqual(keys);
    expect(keys).toEqual([
      'test_children FOREIGN KEY (parent_id) REFERENCES test_parents(id)',
    ]);
  });

  it('fails a rebuild whose rows break a foreign key, and keeps the live tables', async () => {
    const live = await contents();
    projection.orphanChildren = true;

    try {
      await expect((await rebuild()).rebuild()).rejects.toThrow(
        /foreign key constraint/,
      );
    } finally {
      projection.orphanChildren = false;
    }

    expect(await contents()).toEqual(live);
    const [{ n }] = await dataSource.query(
      `SELECT count(*)::int AS n FROM information_schema.schemata
        WHERE schema_name LIKE 'rebuild\\_%'`,
    );
    expect(n).toBe(0);
  });
});
