import { randomUUID } from 'node:crypto';

import { Pool } from 'pg';

import { NewEvent, PostgresEventStore } from '@app/event-store';

import { forDuration } from '../support/stats';

/** What the parent asks for; the answer is `{ events, seconds }` on stdout. */
export interface AppendLoad {
  readonly store: 'ours' | 'emmett' | 'raw';
  readonly url: string;
  readonly writers: number;
  readonly batch: number;
  readonly durationMs: number;
}

/** A captured-policy outcome: the store's most common event. */
export function outcomeEvent(runId: string): NewEvent {
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

type Append = (writer: number, events: NewEvent[]) => Promise<void>;

// Emmett's PostgreSQL driver changes pg's process-wide type parsers, so
// each store is loaded in a process of its own.
async function appenderFor(
  load: AppendLoad,
): Promise<{ append: Append; close(): Promise<void> }> {
  const streams = Array.from(
    { length: load.writers },
    () => `bulkOperation-${randomUUID()}`,
  );
  if (load.store === 'ours') {
    const store = new PostgresEventStore({
      connectionString: load.url,
      maxEventBytes: 1024 * 1024,
    });
    const revisions = streams.map(() => -1n);
    return {
      async append(w, events) {
        const revision = revisions[w];
        const appended = await store.append(streams[w], events, {
          expectedRevision: revision < 0n ? 'no_stream' : revision,
        });
        revisions[w] = appended.nextExpectedRevision;
      },
      close: () => store.close(),
    };
  }
  if (load.store === 'emmett') {
    const { getPostgreSQLEventStore } =
      await import('@event-driven-io/emmett-postgresql');
    const store = getPostgreSQLEventStore(load.url);
    // Emmett creates its schema on first use; not part of the timing.
    await store.appendToStream(`warmup-${randomUUID()}`, [
      { type: 'Warmup', data: {} },
    ]);
    const versions = streams.map(() => 0n);
    return {
      async append(w, events) {
        const appended = await store.appendToStream(
          streams[w],
          events.map((e) => ({
            type: e.type,
            data: e.data as Record<string, unknown>,
            metadata: e.metadata,
          })),
          { expectedStreamVersion: versions[w] },
        );
        versions[w] = appended.nextExpectedStreamVersion;
      },
      close: () => store.close(),
    };
  }
  const pool = new Pool({ connectionString: load.url, max: 10 });
  const revisions = streams.map(() => 0);
  return {
    async append(w, events) {
      const values: unknown[] = [];
      const rows = events.map((e, i) => {
        values.push(
          streams[w],
          revisions[w] + i,
          e.id,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
        );
        const p = i * 6;
        return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6})`;
      });
      await pool.query(
        `INSERT INTO bench_raw_events
           (stream_name, revision, event_id, event_type, data, metadata)
         VALUES ${rows.join(', ')}`,
        values,
      );
      revisions[w] += events.length;
    },
    close: () => pool.end(),
  };
}

async function main(): Promise<void> {
  const load = JSON.parse(process.argv[2]) as AppendLoad;
  const appender = await appenderFor(load);
  const runId = randomUUID();
  try {
    const { units, seconds } = await forDuration(
      load.writers,
      load.durationMs,
      async (w) => {
        const events = Array.from({ length: load.batch }, () =>
          outcomeEvent(runId),
        );
        await appender.append(w, events);
        return events.length;
      },
    );
    process.stdout.write(JSON.stringify({ events: units, seconds }));
  } finally {
    await appender.close();
  }
}

// Imported by the parent for its types and events: only run as a script.
if (require.main === module) {
  void main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
}
