import { Client } from 'pg';

import { createTestDatabase, TestDatabase, waitFor } from '@app/testing';

import { NewEvent, RecordedEvent, START } from '../event-store.port';
import {
  consume,
  expectInvalid,
  ids,
  newEvent,
  runId,
} from '../testing/contract-helpers';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';
import { APPEND_SQL } from './postgres-sql';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('event_store');
});

afterAll(() => db?.drop());

describeEventStoreContract('PostgreSQL', async ({ maxEventBytes }) => {
  const store = new PostgresEventStore({
    connectionString: db.url,
    maxEventBytes,
    pollIntervalMs: 200,
    // Small batches so catch-up crosses several pages.
    batchSize: 5,
  });
  return { store, close: () => store.close() };
});

describe('PostgresEventStore', () => {
  let store: PostgresEventStore;
  let writer: Client;

  beforeAll(async () => {
    store = new PostgresEventStore({
      connectionString: db.url,
      maxEventBytes: 4_096,
      pollIntervalMs: 200,
    });
    writer = new Client({ connectionString: db.url });
    await writer.connect();
  });

  afterAll(async () => {
    await writer?.end();
    await store?.close();
  });

  const appendRaw = (client: Client, stream: string, events: NewEvent[]) =>
    client.query(APPEND_SQL, [stream, 'any', JSON.stringify(events)]);

  describe('when transactions commit out of order', () => {
    it('delivers both in log order once the earlier commits', async () => {
      const prefix = `ooo${runId()}-`;
      const filter = { streamPrefixes: [prefix] };
      const head = await store.headPosition();
      const consumer = consume(store.subscribeToAll({ from: head, filter }));
      const early = newEvent();
      const late = newEvent();

      await writer.query('BEGIN');
      const held = await appendRaw(writer, `${prefix}early`, [early]);
      await store.append(`${prefix}late`, [late], { expectedRevision: 'any' });
      const pending = await store.readAll({ from: head, filter });
      // A negative check: give the woken subscriber time to read while the
      // earlier transaction is still open; it must deliver nothing yet.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const deliveredWhileOpen = ids(consumer.received);
      await writer.query('COMMIT');

      await waitFor('both events', () => consumer.received.length >= 2);
      const [first, second] = await store.readAll({ from: head, filter });
      expect(BigInt(held.rows[0].global_position)).toBeLessThan(
        BigInt(second.position.slice(21)),
      );
      expect(pending).toEqual([]);
      expect(deliveredWhileOpen).toEqual([]);
      expect(ids([first, second])).toEqual([early.id, late.id]);
      expect(ids(consumer.received)).toEqual([early.id, late.id]);
    });
  });

  describe('backlog', () => {
    it('counts events an open transaction holds back', async () => {
      const prefix = `lag${runId()}-`;
      const filter = { streamPrefixes: [prefix] };
      const head = await store.headPosition();

      await writer.query('BEGIN');
      try {
        await appendRaw(writer, `${prefix}early`, [newEvent()]);
        await store.append(`${prefix}late`, [newEvent()], {
          expectedRevision: 'any',
        });

        expect(await store.readAll({ from: head, filter })).toEqual([]);
        expect((await store.backlog(head, filter)).events).toBe(1);
      } finally {
        await writer.query('COMMIT');
      }
      expect((await store.backlog(head, filter)).events).toBe(2);
    });
  });

  describe('when the server drops its connections', () => {
    it('keeps delivering to subscribers without gaps or duplicates', async () => {
      const prefix = `drop${runId()}-`;
      const consumer = consume(
        store.subscribeToAll({
          from: await store.headPosition(),
          filter: { streamPrefixes: [prefix] },
        }),
      );
      const before = [newEvent(), newEvent()];
      await store.append(`${prefix}1`, before, { expectedRevision: 'any' });
      await waitFor('events before', () => consumer.received.length === 2);

      await writer.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      const after = [newEvent(), newEvent()];
      await waitFor('an append after the drop', () =>
        store
          .append(`${prefix}1`, after, { expectedRevision: 1n })
          .then(() => true),
      );

      await waitFor('events after', () => consumer.received.length >= 4);
      expect(ids(consumer.received)).toEqual(ids([...before, ...after]));
    });
  });

  describe('when transaction ids gain a decimal digit', () => {
    // Rows planted with chosen transaction ids (all long committed), in a
    // database of their own since they sit at the very start of the log.
    let own: TestDatabase;
    let planted: PostgresEventStore;
    const prefix = `digits${runId()}-`;
    const transactionIds = ['98', '99', '100', '101'];

    beforeAll(async () => {
      own = await createTestDatabase('event_store_digits');
      planted = new PostgresEventStore({
        connectionString: own.url,
        maxEventBytes: 4_096,
      });
      const client = new Client({ connectionString: own.url });
      await client.connect();
      try {
        for (const [revision, transactionId] of transactionIds.entries()) {
          await client.query(
            `INSERT INTO event_store_events
               (transaction_id, stream_name, revision, event_id, event_type,
                data, metadata)
             VALUES ($1::xid8, $2, $3, gen_random_uuid(), 'T', '{}', '{}')`,
            [transactionId, `${prefix}1`, revision],
          );
        }
      } finally {
        await client.end();
      }
    });

    afterAll(async () => {
      await planted?.close();
      await own?.drop();
    });

    const transactionIdOf = (event: RecordedEvent) =>
      BigInt(event.position.slice(0, 20)).toString();

    it('pages through the log in numeric order, skipping nothing', async () => {
      const read: RecordedEvent[] = [];
      let from = START;
      for (;;) {
        const page = await planted.readAll({ from, maxCount: 2 });
        if (page.length === 0) break;
        read.push(...page);
        from = page[page.length - 1].position;
      }

      expect(read.map(transactionIdOf)).toEqual(transactionIds);
    });

    it('reports the newest event as the head', async () => {
      const head = await planted.headPosition();

      expect(BigInt(head.slice(0, 20)).toString()).toEqual('101');
    });
  });

  describe('rejecting input PostgreSQL cannot store', () => {
    it('rejects U+0000 in data with a ValidationError', async () => {
      const stream = `nul${runId()}`;

      await expectInvalid(
        store.append(stream, [newEvent('T', { text: 'a\u0000b' })], {
          expectedRevision: 'no_stream',
        }),
      );

      expect(await store.readStream(stream)).toEqual([]);
    });
  });

  describe('telling other processes about appends', () => {
    it("wakes another store's subscriber long before its poll interval", async () => {
      const other = new PostgresEventStore({
        connectionString: db.url,
        maxEventBytes: 4_096,
        // Only an announcement can deliver within the test's timeout.
        pollIntervalMs: 600_000,
      });
      try {
        const stream = `announce${runId()}`;
        const received: RecordedEvent[] = [];
        const subscription = other.subscribeToAll({
          from: await other.headPosition(),
          filter: { streamPrefixes: [stream] },
        });
        const consuming = (async () => {
          for await (const event of subscription) received.push(event);
        })();
        await waitFor('live', () => subscription.state === 'live');

        await store.append(stream, [newEvent()], {
          expectedRevision: 'no_stream',
        });

        await waitFor('delivered', () => received.length === 1);
        await subscription.close();
        await consuming;
      } finally {
        await other.close();
      }
    });

    it('announces a burst of appends a few times, the last after the last append', async () => {
      const listener = new Client({ connectionString: db.url });
      await listener.connect();
      const heard: { payload?: string; at: number }[] = [];
      listener.on('notification', ({ payload }) =>
        heard.push({ payload, at: performance.now() }),
      );
      await listener.query('LISTEN event_store_appended');
      try {
        const stream = `burst${runId()}`;
        let lastAppended = 0;
        for (let i = 0; i < 40; i++) {
          await store.append(stream, [newEvent()], { expectedRevision: 'any' });
          lastAppended = performance.now();
        }

        await waitFor('the last announcement', () =>
          heard.some((n) => n.at > lastAppended),
        );
        expect(heard.length).toBeLessThan(40);
        // Every announcement names the store that made it.
        expect(new Set(heard.map((n) => n.payload)).size).toBe(1);
        expect(heard[0].payload).toMatch(/^[0-9a-f-]{36}$/);
      } finally {
        await listener.end();
      }
    });
  });

  describe('recording events', () => {
    it('stores the tenant id and schema version in their own columns', async () => {
      const stream = `cols${runId()}`;
      await store.append(
        stream,
        [newEvent('T', {}, { tenantId: 'tenant-42', schemaVersion: 3 })],
        { expectedRevision: 'no_stream' },
      );

      const { rows } = await writer.query(
        'SELECT tenant_id, schema_version FROM event_store_events WHERE stream_name = $1',
        [stream],
      );

      expect(rows).toEqual([{ tenant_id: 'tenant-42', schema_version: 3 }]);
    });

    it('reads back the recorded time to the millisecond', async () => {
      const stream = `time${runId()}`;
      await store.append(stream, [newEvent('T')], {
        expectedRevision: 'no_stream',
      });
      // Microseconds that round up, not down, if mishandled.
      await writer.query(
        `UPDATE event_store_events
            SET recorded_at = '2026-03-04 05:06:07.891999+00'
          WHERE stream_name = $1`,
        [stream],
      );

      const [event] = await store.readStream(stream);

      expect(event.recordedAt.toISOString()).toBe('2026-03-04T05:06:07.891Z');
    });
  });
});

export type { RecordedEvent };
