import { randomUUID } from 'node:crypto';

import { RecordedEvent } from '@app/event-store';
import { useTestDataSource } from '@app/testing';

import { bulkOperationStreamName } from '../run-stream';
import { RecordedEvents } from '../testing/recorded-events';
import { backupSetItemId } from './backup-set-item-id';
import { BackupSetItemsProjection } from './backup-set-items.projection';

describe('BackupSetItemsProjection', () => {
  const data = useTestDataSource('backup_set_items_projection');
  const projection = new BackupSetItemsProjection();
  const logged = new RecordedEvents();

  /** Two runs over policies a and b; b fails in the second. */
  function history() {
    const tenantId = randomUUID();
    const backupSetId = randomUUID();
    const [a, b] = [randomUUID(), randomUUID()];
    const runs = [randomUUID(), randomUUID()];
    const requested = (runId: string) =>
      ({
        type: 'AddPoliciesRequested',
        data: {
          runId,
          tenantId,
          backupSetId,
          policyIds: [a, b],
          options: {
            includeAssignments: false,
            includeScopeTags: false,
            includeFoundations: false,
          },
          requestedBy: 'u',
          idempotencyKey: 'k',
        },
      }) as const;
    const captured = (runId: string, policyId: string, hash: string) =>
      ({
        type: 'PolicyCaptured',
        data: {
          runId,
          policyId,
          policyType: 'settingsCatalog',
          snapshotHash: hash.repeat(64),
          attempts: 1,
        },
      }) as const;
    const events = logged.inStream(bulkOperationStreamName(randomUUID()), [
      requested(runs[0]),
      captured(runs[0], a, '1'),
      captured(runs[0], b, '2'),
      requested(runs[1]),
      captured(runs[1], a, '3'),
      {
        type: 'PolicyCaptureFailed',
        data: {
          runId: runs[1],
          policyId: b,
          reasonCode: 'not_found',
          message: 'gone',
          attempts: 1,
        },
      },
    ]);
    return { backupSetId, tenantId, a, b, runs, events };
  }

  const apply = (events: readonly RecordedEvent[]) =>
    data.db.transaction((tx) => projection.apply(events, tx));

  const rows = (backupSetId: string) =>
    data.db.query(
      'SELECT * FROM backup_set_items WHERE backup_set_id = $1 ORDER BY snapshot_hash',
      [backupSetId],
    );

  it('keeps the latest capture of each policy and ignores failures', async () => {
    const { backupSetId, tenantId, a, b, runs, events } = history();

    await apply(events);

    expect(await rows(backupSetId)).toEqual([
      {
        id: backupSetItemId(backupSetId, b),
        tenant_id: tenantId,
        backup_set_id: backupSetId,
        policy_id: b,
        policy_type: 'settingsCatalog',
        snapshot_hash: '2'.repeat(64),
        run_id: runs[0],
        captured_at: events[2].recordedAt,
      },
      expect.objectContaining({
        id: backupSetItemId(backupSetId, a),
        snapshot_hash: '3'.repeat(64),
        run_id: runs[1],
        captured_at: events[4].recordedAt,
      }),
    ]);
  });

  it('rebuilds the same rows, one event at a time or delivered twice', async () => {
    const { backupSetId, events } = history();
    await apply(events);
    const live = await rows(backupSetId);

    await data.db.query(
      'DELETE FROM backup_set_items WHERE backup_set_id = $1',
      [backupSetId],
    );
    for (const event of events) await apply([event]);
    await apply(events);

    expect(await rows(backupSetId)).toEqual(live);
  });

  it('skips a capture of a run it never saw requested', async () => {
    const { events } = history();

    await apply(events.slice(1, 2));

    const [{ count }] = await data.db.query(
      'SELECT count(*)::int AS count FROM backup_set_items WHERE run_id = $1',
      [(events[1].data as { runId: string }).runId],
    );
    expect(count).toBe(0);
  });

  it('leaves the rows of one event at a time when a page mixes runs', async () => {
    const tenantId = randomUUID();
    const [setA, setB] = [randomUUID(), randomUUID()];
    const [p, q] = [randomUUID(), randomUUID()];
    const [r1, r2, r3] = [randomUUID(), randomUUID(), randomUUID()];
    const requested = (runId: string, backupSetId: string) =>
      ({
        type: 'AddPoliciesRequested',
        data: {
          runId,
          tenantId: tenantId.toUpperCase(),
          backupSetId,
          policyIds: [p, q],
          options: {
            includeAssignments: false,
            includeScopeTags: false,
            includeFoundations: false,
          },
          requestedBy: 'u',
          idempotencyKey: 'k',
        },
      }) as const;
    const captured = (runId: string, policyId: string, hash: string) =>
      ({
        type: 'PolicyCaptured',
        data: {
          runId,
          policyId,
          policyType: 'settingsCatalog',
          snapshotHash: hash.repeat(64),
          attempts: 1,
        },
      }) as const;
    const events = logged.inStream(bulkOperationStreamName(randomUUID()), [
      captured(r2, p, '0'),
      requested(r1, setA.toUpperCase()),
      captured(r1, p, '1'),
      requested(r2, setB),
      requested(r1, setB),
      captured(r1, q, '2'),
      captured(r2, p, '3'),
      captured(r1.toUpperCase(), p, '4'),
      requested(r3, setA),
      captured(r3, q, '5'),
      captured(r2, q, '6'),
    ]);
    const everything = async () =>
      data.db.query(
        `SELECT i.* FROM backup_set_items i
          WHERE backup_set_id = ANY ($1::uuid[]) ORDER BY id`,
        [[setA, setB]],
      );
    for (const event of events) await apply([event]);
    const expected = await everything();
    expect(expected).toHaveLength(4);

    for (const cuts of [[], [3], [1, 5, 8], [2, 4, 6, 9]]) {
      await data.db.query(
        'DELETE FROM backup_set_items WHERE backup_set_id = ANY ($1::uuid[])',
        [[setA, setB]],
      );
      await data.db.query(
        'DELETE FROM backup_set_item_runs WHERE run_id = ANY ($1::uuid[])',
        [[r1, r2, r3]],
      );
      let from = 0;
      for (const cut of [...cuts, events.length]) {
        await apply(events.slice(from, cut));
        from = cut;
      }
      expect({ cuts, rows: await everything() }).toEqual({
        cuts,
        rows: expected,
      });
    }
  });
});
