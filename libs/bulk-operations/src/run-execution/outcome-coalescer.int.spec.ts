import { randomBytes, randomUUID } from 'node:crypto';

import { ValidationError } from '@app/errors';
import {
  AppendOutcome,
  PostgresEventStore,
  RecordedEvent,
} from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';

import { ItemResult } from '../decide-outcome';
import { AddPoliciesRequested } from '../run-events';
import { bulkOperationStreamName } from '../run-stream';
import { OutcomeCoalescer } from './outcome-coalescer';
import { EventCause, eventIdOf, RunAppender } from './run-appender';
import { StreamStateCache } from './stream-state-cache';

const MAX_EVENT_BYTES = 4_096;

/** A worker process's view: its own state cache, appender and coalescer. */
function workerOn(store: PostgresEventStore): OutcomeCoalescer {
  const states = new StreamStateCache(store);
  return new OutcomeCoalescer(new RunAppender(store, states));
}

const captured = (i: number): ItemResult => ({
  kind: 'captured',
  policyType: 'settingsCatalog',
  snapshotHash: String(i).padStart(64, '0'),
  attempts: 1,
});

describe('OutcomeCoalescer on the PostgreSQL event store', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const appends: AppendOutcome[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('outcome_coalescer');
    store = new PostgresEventStore({
      connectionString: database.url,
      maxEventBytes: MAX_EVENT_BYTES,
      observer: { observeAppend: (outcome) => appends.push(outcome) },
    });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });
  beforeEach(() => {
    appends.length = 0;
  });

  /** A requested run of `items` policies in a stream of its own. */
  async function requestRun(items: number) {
    const runId = randomUUID();
    const tenantId = randomUUID();
    const policyIds = Array.from({ length: items }, () => randomUUID()).sort();
    const key = randomBytes(32).toString('hex');
    const streamName = bulkOperationStreamName(key);
    const cause: EventCause = {
      tenantId,
      userId: 'alice',
      correlationId: `run-${runId}`,
      causationId: runId,
    };
    const requested: AddPoliciesRequested = {
      type: 'AddPoliciesRequested',
      data: {
        runId,
        tenantId,
        backupSetId: randomUUID(),
        policyIds,
        options: {
          includeAssignments: true,
          includeScopeTags: false,
          includeFoundations: false,
        },
        requestedBy: 'alice',
        idempotencyKey: key,
      },
    };
    await store.append(
      streamName,
      [
        {
          id: eventIdOf(requested),
          type: requested.type,
          data: requested.data,
          metadata: { ...cause, schemaVersion: 1 },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    appends.length = 0;
    return { runId, streamName, policyIds, cause };
  }

  function outcomeCounts(events: readonly RecordedEvent[]) {
    const counts = new Map<string, number>();
    for (const event of events) {
      if (
        event.type === 'PolicyCaptured' ||
        event.type === 'PolicyCaptureFailed'
      ) {
        const { policyId } = event.data as { policyId: string };
        counts.set(policyId, (counts.get(policyId) ?? 0) + 1);
      }
    }
    return counts;
  }

  it('records many concurrent outcomes of a run in a few appends, one event per item, the terminal event last', async () => {
    const run = await requestRun(60);
    const coalescer = workerOn(store);

    const recorded = await Promise.all(
      run.policyIds.map((policyId, i) =>
        coalescer.record(
          run.streamName,
          { ...run.cause, causationId: `job-${i}` },
          { runId: run.runId, policyId, result: captured(i) },
        ),
      ),
    );

    const events = await store.readStream(run.streamName);
    expect(appends.filter((a) => a === 'conflict')).toHaveLength(0);
    expect(appends.length).toBeLessThan(run.policyIds.length / 10);
    expect([...outcomeCounts(events).values()]).toEqual(
      run.policyIds.map(() => 1),
    );
    expect(events.map((e) => e.type).slice(-1)).toEqual([
      'BulkOperationRunCompleted',
    ]);
    expect(
      events.filter((e) => e.type === 'BulkOperationRunCompleted'),
    ).toHaveLength(1);
    expect(events.at(-1)!.data).toMatchObject({
      status: 'completed',
      total: 60,
      succeeded: 60,
    });
    // Each outcome keeps the cause of the job that produced it.
    const causes = events
      .filter((e) => e.type === 'PolicyCaptured')
      .map((e) => e.metadata.causationId);
    expect(new Set(causes).size).toBe(60);
    expect(recorded.every((r) => r[0].type === 'PolicyCaptured')).toBe(true);
  });

  it('records an item delivered twice in one batch once, and tells the second caller nothing was appended', async () => {
    const run = await requestRun(3);
    const coalescer = workerOn(store);
    const [first, second] = run.policyIds;

    const [a, b, c] = await Promise.all([
      coalescer.record(run.streamName, run.cause, {
        runId: run.runId,
        policyId: first,
        result: captured(1),
      }),
      coalescer.record(run.streamName, run.cause, {
        runId: run.runId,
        policyId: second,
        result: captured(2),
      }),
      coalescer.record(run.streamName, run.cause, {
        runId: run.runId,
        policyId: second,
        result: captured(3),
      }),
    ]);

    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(c).toEqual([]);
    const events = await store.readStream(run.streamName);
    expect(outcomeCounts(events)).toEqual(
      new Map([
        [first, 1],
        [second, 1],
      ]),
    );
  });

  it('keeps one outcome per item and one terminal event when two workers record the same run', async () => {
    const run = await requestRun(40);
    const workers = [workerOn(store), workerOn(store)];

    // Every item reaches both workers (a redelivery after a stall), in
    // opposite orders, so each worker's cache is stale most of the time.
    await Promise.all(
      workers.flatMap((worker, w) =>
        (w === 0 ? run.policyIds : [...run.policyIds].reverse()).map(
          (policyId, i) =>
            worker.record(run.streamName, run.cause, {
              runId: run.runId,
              policyId,
              result: captured(i),
            }),
        ),
      ),
    );

    const events = await store.readStream(run.streamName);
    expect([...outcomeCounts(events).values()]).toEqual(
      run.policyIds.map(() => 1),
    );
    expect(
      events.filter((e) => e.type === 'BulkOperationRunCompleted'),
    ).toHaveLength(1);
    expect(events.at(-1)!.type).toBe('BulkOperationRunCompleted');
  });

  it('fails every caller of a batch whose append fails, appends nothing of it, and records them when they try again', async () => {
    const run = await requestRun(5);
    const coalescer = workerOn(store);
    const [alone, ...rest] = run.policyIds;
    const record = (policyId: string, result: ItemResult) =>
      coalescer.record(run.streamName, run.cause, {
        runId: run.runId,
        policyId,
        result,
      });
    const tooLarge: ItemResult = {
      kind: 'failed',
      reasonCode: 'graph_error',
      message: 'x'.repeat(MAX_EVENT_BYTES),
      attempts: 1,
    };

    // The first outcome goes alone; the rest wait for it and share the
    // next append, which the store refuses for the oversized event.
    const first = record(alone, captured(0));
    const batch = rest.map((policyId, i) =>
      record(policyId, i === 0 ? tooLarge : captured(i + 1)),
    );
    const settled = await Promise.allSettled([first, ...batch]);

    expect(settled[0].status).toBe('fulfilled');
    for (const result of settled.slice(1)) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(
        ValidationError,
      );
    }
    expect(outcomeCounts(await store.readStream(run.streamName))).toEqual(
      new Map([[alone, 1]]),
    );

    // Bull's retries: the same items again, the failure now within bounds.
    await Promise.all(
      rest.map((policyId, i) =>
        record(
          policyId,
          i === 0 ? { ...tooLarge, message: 'too slow' } : captured(i + 1),
        ),
      ),
    );
    const events = await store.readStream(run.streamName);
    expect([...outcomeCounts(events).values()]).toEqual([1, 1, 1, 1, 1]);
    expect(events.at(-1)!.data).toMatchObject({
      status: 'completed_with_errors',
      succeeded: 4,
      failed: 1,
    });
  });
});
