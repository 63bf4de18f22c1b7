import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { Client } from 'pg';

import { PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';

import { tenantEvents, writeNdjson } from './tenant-export';

const EVENTS = 100_000;

// Live heap, not garbage waiting to be collected, is what must stay flat.
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
/** Every tenth row belongs to another tenant. */
const ROWS = (EVENTS * 10) / 9;

/** A slow consumer, like a pipe to a file or another process. */
class CountingSink extends Writable {
  bytes = 0;

  constructor() {
    super({ highWaterMark: 64 * 1024 });
  }

  override _write(chunk: Buffer, _: string, done: () => void): void {
    this.bytes += chunk.length;
    setImmediate(done);
  }
}

describe('tenant export', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const tenantId = randomUUID();

  beforeAll(async () => {
    db = await createTestDatabase('tenant_export');
    const client = new Client(db.url);
    await client.connect();
    // Rows as the append function writes them, for another tenant too.
    await client.query(
      `INSERT INTO event_store_events
         (stream_name, revision, event_id, event_type, data, metadata)
       SELECT 'bulkOperation-' || (i / 100), i % 100, gen_random_uuid(),
              'PolicyCaptured', jsonb_build_object('i', i, 'pad', repeat('x', 200)),
              jsonb_build_object('tenantId', CASE WHEN i % 10 = 0 THEN $2 ELSE $1 END,
                'userId', 'u', 'correlationId', 'c', 'causationId', null,
                'schemaVersion', 1)
         FROM generate_series(0, $3::int - 1) AS i`,
      [tenantId, randomUUID(), Math.ceil(ROWS)],
    );
    // As autovacuum would after such a load: plans need the statistics.
    await client.query('ANALYZE event_store_events');
    await client.end();
    store = new PostgresEventStore({
      connectionString: db.url,
      maxEventBytes: 1 << 20,
    });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('streams 100,000 events of one tenant in global order with flat memory', async () => {
    const sink = new CountingSink();
    const heap: number[] = [];
    let previous = '';
    let ordered = true;
    async function* watched() {
      let n = 0;
      for await (const event of tenantEvents(store, tenantId)) {
        if (
          event.metadata.tenantId !== tenantId ||
          event.position <= previous
        ) {
          ordered = false;
        }
        previous = event.position;
        if (++n % 10_000 === 0) {
          gc();
          heap.push(process.memoryUsage().heapUsed);
        }
        yield event;
      }
    }

    const written = await writeNdjson(sink, watched());

    expect(written).toBe(EVENTS);
    expect(ordered).toBe(true);
    expect(sink.bytes).toBeGreaterThan(EVENTS * 200);
    // Memory does not grow with the number of events written: after 90,000
    // more events the live heap is within a few MB of where it was at 10,000
    // (holding them all would take well over 100 MB).
    expect(heap).toHaveLength(10);
    expect(heap[9] - heap[0]).toBeLessThan(8 * 1024 * 1024);
  }, 120_000);
});
