import { randomUUID } from 'node:crypto';

import { RecordedEvent } from '@app/event-store';
import { useTestDataSource } from '@app/testing';

import { bulkOperationStreamName } from '../run-stream';
import { RecordedEvents } from '../testing/recorded-events';
import {
  notificationId,
  NotificationsProjection,
} from './notifications.projection';

describe('NotificationsProjection', () => {
  const data = useTestDataSource('notifications_projection');
  const projection = new NotificationsProjection();
  const logged = new RecordedEvents();

  /** Two runs of one stream, the first completed, the second failed. */
  function history() {
    const tenantId = randomUUID();
    const backupSetId = randomUUID();
    const runs = [randomUUID(), randomUUID()];
    const requested = (runId: string, requestedBy: string) =>
      ({
        type: 'AddPoliciesRequested',
        data: {
          runId,
          tenantId,
          backupSetId,
          policyIds: [randomUUID(), randomUUID()],
          options: {
            includeAssignments: false,
            includeScopeTags: false,
            includeFoundations: false,
          },
          requestedBy,
          idempotencyKey: 'k',
        },
      }) as const;
    const events = logged.inStream(bulkOperationStreamName(randomUUID()), [
      requested(runs[0], 'alice'),
      {
        type: 'BulkOperationRunStarted',
        data: { runId: runs[0], scheduledCount: 2 },
      },
      {
        type: 'BulkOperationRunCompleted',
        data: {
          runId: runs[0],
          status: 'completed_with_errors',
          total: 2,
          succeeded: 1,
          failed: 1,
          skipped: 0,
        },
      },
      requested(runs[1], 'bob'),
      {
        type: 'BulkOperationRunFailed',
        data: {
          runId: runs[1],
          reasonCode: 'backup_set_not_found',
          message: 'x',
        },
      },
    ]);
    return { runs, events };
  }

  const apply = (events: readonly RecordedEvent[]) =>
    data.db.transaction((tx) => projection.apply(events, tx));

  const rows = (runIds: string[]) =>
    data.db.query(
      'SELECT * FROM notifications WHERE run_id = ANY($1) ORDER BY created_at',
      [runIds],
    );

  it('writes one notification per run, for the user who requested it', async () => {
    const { runs, events } = history();

    await apply(events);

    expect(await rows(runs)).toEqual([
      expect.objectContaining({
        id: notificationId(runs[0]),
        user_id: 'alice',
        status: 'completed_with_errors',
        total: 2,
        succeeded: 1,
        failed: 1,
        reason_code: null,
        created_at: events[2].recordedAt,
      }),
      expect.objectContaining({
        id: notificationId(runs[1]),
        user_id: 'bob',
        status: 'failed',
        total: 2,
        succeeded: null,
        reason_code: 'backup_set_not_found',
      }),
    ]);
  });

  it('changes nothing when events are delivered again', async () => {
    const { runs, events } = history();
    await apply(events);
    const before = await rows(runs);

    await apply(events.slice(2));
    await apply(events);

    expect(await rows(runs)).toEqual(before);
  });

  it('rebuilds the same rows from the log', async () => {
    const { runs, events } = history();
    await apply(events);
    const live = await rows(runs);

    await data.db.query('DELETE FROM notifications WHERE run_id = ANY($1)', [
      runs,
    ]);
    await data.db.query(
      'DELETE FROM notification_runs WHERE run_id = ANY($1)',
      [runs],
    );
    for (const event of events) await apply([event]);

    expect(await rows(runs)).toEqual(live);
  });
});
