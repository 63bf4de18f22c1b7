import { randomUUID } from 'node:crypto';

import { RecordedEvent } from '@app/event-store';
import { useTestDataSource } from '@app/testing';

import { BulkOperationEvent } from '../run-events';
import { bulkOperationStreamName } from '../run-stream';
import { RecordedEvents } from '../testing/recorded-events';
import { RunsProjection } from './runs.projection';

const TABLES = ['bulk_operation_runs', 'bulk_operation_run_items'];

describe('RunsProjection', () => {
  const data = useTestDataSource('runs_projection');
  const projection = new RunsProjection();
  const logged = new RecordedEvents();

  beforeEach(() => data.db.query(`TRUNCATE ${TABLES.join(', ')}`));

  const requested = (
    runId: string,
    policyIds: string[],
    idempotencyKey: string,
    tenantId = TENANT,
  ): BulkOperationEvent => ({
    type: 'AddPoliciesRequested',
    data: {
      runId,
      tenantId,
      backupSetId: BACKUP_SET,
      policyIds,
      options: {
        includeAssignments: true,
        includeScopeTags: false,
        includeFoundations: false,
      },
      requestedBy: 'alice',
      idempotencyKey,
    },
  });
  const started = (runId: string): BulkOperationEvent => ({
    type: 'BulkOperationRunStarted',
    data: { runId, scheduledCount: 3 },
  });
  const captured = (runId: string, policyId: string): BulkOperationEvent => ({
    type: 'PolicyCaptured',
    data: {
      runId,
      policyId,
      policyType: 'settingsCatalog',
      snapshotHash: 'a'.repeat(64),
      attempts: 1,
    },
  });
  const failed = (runId: string, policyId: string): BulkOperationEvent => ({
    type: 'PolicyCaptureFailed',
    data: {
      runId,
      policyId,
      reasonCode: 'not_found',
      message: `${policyId} is gone`,
      attempts: 3,
    },
  });
  const completed = (runId: string): BulkOperationEvent => ({
    type: 'BulkOperationRunCompleted',
    data: {
      runId,
      status: 'completed_with_errors',
      total: 3,
      succeeded: 2,
      failed: 1,
      skipped: 0,
    },
  });
  const runFailed = (runId: string): BulkOperationEvent => ({
    type: 'BulkOperationRunFailed',
    data: { runId, reasonCode: 'backup_set_not_found', message: 'gone' },
  });

  const TENANT = randomUUID();
  const BACKUP_SET = randomUUID();

  /**
   * Runs of two streams, their events interleaved: every kind of event,
   * a key reused once its run finished, repeated and unknown outcomes,
   * events out of the usual order and uuids in other spellings.
   */
  function history(): RecordedEvent[] {
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    const [a, b, c, d, e] = Array.from({ length: 5 }, () => randomUUID());
    const p = Array.from({ length: 6 }, () => randomUUID()).sort();
    const upper = p[4].toUpperCase();
    const log: [key: string, event: BulkOperationEvent][] = [
      [third, captured(e, p[0])],
      [first, requested(a, [p[0], p[1], p[2]], first)],
      [first, started(a)],
      [second, requested(c, [p[0], upper, p[3]], second)],
      [first, captured(a, p[0])],
      [second, failed(c, `{${p[4].replace(/-/g, '')}}`)],
      [first, failed(a, p[1])],
      [first, captured(a, p[1])],
      [second, completed(c)],
      [second, started(c)],
      [first, captured(a, p[5])],
      [first, captured(a, p[2])],
      [first, completed(a)],
      [first, requested(b, [p[0], p[1], p[2]], first)],
      [first, started(b)],
      [second, requested(d, [p[1], p[2]], second)],
      [first, captured(b, p[2])],
      [second, requested(d, [p[2], p[3]], second, randomUUID())],
      [second, captured(d, p[3])],
      [first, runFailed(b)],
      [first, captured(b, p[0])],
      [third, requested(e, [p[5]], third)],
      [third, started(e)],
    ];
    return logged.inOrder(
      log.map(([key, event]): [string, BulkOperationEvent] => [
        bulkOperationStreamName(key),
        event,
      ]),
    );
  }

  async function apply(events: readonly RecordedEvent[]): Promise<void> {
    await data.db.transaction((tx) => projection.apply(events, tx));
  }

  /** Applies the events in pages cut after the given indexes. */
  async function applyInPages(
    events: readonly RecordedEvent[],
    cuts: readonly number[],
  ): Promise<void> {
    let from = 0;
    for (const cut of [...cuts, events.length]) {
      if (cut > from) await apply(events.slice(from, cut));
      from = cut;
    }
  }

  async function contents(): Promise<Record<string, unknown[]>> {
    const result: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const rows = await data.db.query<{ row: unknown }[]>(
        `SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY to_jsonb(t)::text`,
      );
      result[table] = rows.map((r) => r.row);
    }
    return result;
  }

  async function oneByOne(events: readonly RecordedEvent[]) {
    await data.db.query(`TRUNCATE ${TABLES.join(', ')}`);
    for (const event of events) await apply([event]);
    return contents();
  }

  it('leaves the rows of applying events one by one, whatever the pages', async () => {
    const events = history();
    const expected = await oneByOne(events);

    const pagings = [
      [],
      [1],
      [2, 3],
      [5, 9, 13],
      [12],
      [4, 8, 12, 16, 20],
      [14, 18],
      [17, 21],
    ];
    for (const cuts of pagings) {
      await data.db.query(`TRUNCATE ${TABLES.join(', ')}`);
      await applyInPages(events, cuts);
      expect({ cuts, tables: await contents() }).toEqual({
        cuts,
        tables: expected,
      });
    }
  });

  it('leaves the same rows when a rebuild prepared the pages ahead', async () => {
    const events = history();
    const expected = await oneByOne(events);
    const pages = [events.slice(0, 9), events.slice(9)];

    await data.db.query(`TRUNCATE ${TABLES.join(', ')}`);
    for (const page of pages) projection.prepare(page);
    for (const page of pages) await apply(page);

    expect(await contents()).toEqual(expected);
  });

  it('folds a run started and finished in one page into its final rows', async () => {
    const events = history();
    const { runId } = events[1].data as { runId: string };

    await apply(events);

    const [run] = await data.db.query(
      'SELECT * FROM bulk_operation_runs WHERE id = $1',
      [runId],
    );
    expect(run).toMatchObject({
      status: 'completed_with_errors',
      total: 3,
      processed: 3,
      succeeded: 2,
      failed: 1,
      skipped: 0,
      failures: [
        {
          policyId: (events[6].data as { policyId: string }).policyId,
          code: 'not_found',
          message: expect.stringContaining('is gone'),
        },
      ],
      failure_reason: null,
      created_at: events[1].recordedAt,
      started_at: events[2].recordedAt,
      completed_at: events[12].recordedAt,
      updated_at: events[12].recordedAt,
    });
    const items = await data.db.query(
      `SELECT status, count(*)::int AS n FROM bulk_operation_run_items
        WHERE run_id = $1 GROUP BY status ORDER BY status`,
      [runId],
    );
    expect(items).toEqual([
      { status: 'captured', n: 2 },
      { status: 'failed', n: 1 },
    ]);
  });

  it('applies events of runs whose rows exist through the statements, as before', async () => {
    const events = history();
    await oneByOne(events);
    for (const event of events) await apply([event]);
    const expected = await contents();

    await data.db.query(`TRUNCATE ${TABLES.join(', ')}`);
    await apply(events);
    await apply(events);

    expect(await contents()).toEqual(expected);
  });

  it('stops on an id the database would refuse, like the statements do', async () => {
    const runId = randomUUID();
    const events = logged.inOrder([
      [bulkOperationStreamName(randomUUID()), requested(runId, ['nope'], 'k')],
    ]);

    await expect(apply(events)).rejects.toThrow(/invalid input syntax/);
  });
});
