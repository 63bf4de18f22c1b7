import request from 'supertest';
import { DataSource } from 'typeorm';

import { EventStore } from '@app/event-store';
import {
  CheckpointStore,
  ProjectionHost,
  ProjectionRebuild,
  ProjectionRebuilds,
  ProjectionStatus,
} from '@app/projections';
import { waitFor } from '@app/testing';

import { captured, recordOutcome } from './support/record-outcome';
import { seedTenant, SeededTenant } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

const TABLES = [
  'bulk_operation_runs',
  'bulk_operation_run_items',
  'backup_set_item_runs',
  'backup_set_items',
  'notification_runs',
  'notifications',
];

describe('projection status and zero-downtime rebuild', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let support: string;
  let operator: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp('projections_admin', { runProjections: true });
    tenant = await seedTenant(t.app, 60);
    support = await t.token([[tenant.tenantId, 'support']], 'sam');
    operator = await t.token([[tenant.tenantId, 'operator']], 'olga');
    auditor = await t.token([[tenant.tenantId, 'auditor']], 'ann');
    for (let i = 0; i < 6; i++) {
      const ids = tenant.policyIds.slice(i * 10, i * 10 + 10);
      const run = await startRun(ids);
      // Leave the last run half done, so the models hold an active run too.
      await finishRun(i === 5 ? ids.slice(0, 4) : ids, run, i % 2 === 0);
    }
    await caughtUp();
  });

  afterAll(() => t?.close());

  const http = () => request(t.app.getHttpServer());
  const db = () => t.app.get(DataSource);

  async function startRun(policyIds: string[]) {
    const response = await http()
      .post(
        `/v1/tenants/${tenant.tenantId}/backup-sets/${tenant.backupSetId}/add-policies`,
      )
      .auth(operator, { type: 'bearer' })
      .send({ policyIds })
      .expect(202);
    const [{ key }] = await waitFor('the run in the read model', () =>
      db()
        .query(
          'SELECT idempotency_key AS key FROM bulk_operation_runs WHERE id = $1',
          [response.body.runId],
        )
        .then((rows: { key: string }[]) => rows.length > 0 && rows),
    );
    return { runId: response.body.runId as string, key };
  }

  /** Records an outcome per item, failing every third when asked. */
  async function finishRun(
    policyIds: string[],
    run: { runId: string; key: string },
    withFailures: boolean,
  ) {
    for (const [i, policyId] of policyIds.entries()) {
      await recordOutcome(t.app.get(EventStore), {
        tenantId: tenant.tenantId,
        key: run.key,
        runId: run.runId,
        policyId,
        result:
          withFailures && i % 3 === 0
            ? {
                kind: 'failed',
                reasonCode: 'not_found',
                message: 'gone',
                attempts: 2,
              }
            : captured(i),
      });
    }
  }

  async function statuses(): Promise<ProjectionStatus[]> {
    const { body } = await http()
      .get('/v1/admin/projections')
      .auth(support, { type: 'bearer' })
      .expect(200);
    return body.items;
  }

  async function caughtUp() {
    await waitFor('every projection to catch up', async () => {
      const all = await statuses();
      return all
        .filter((s) => s.lagEvents !== null)
        .every((s) => s.lagEvents === 0 && s.state === 'live');
    });
  }

  async function contents(): Promise<Record<string, unknown[]>> {
    const result: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      const rows = await db().query(
        `SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY to_jsonb(t)::text`,
      );
      result[table] = rows.map((r: { row: unknown }) => r.row);
    }
    return result;
  }

  /** Changes when a swap replaces the table. */
  async function tableOid(table: string): Promise<number> {
    const [{ oid }] = await db().query(
      `SELECT to_regclass($1)::oid::int AS oid`,
      [`public.${table}`],
    );
    return oid;
  }

  async function indexNames(): Promise<string[]> {
    const rows = await db().query(
      `SELECT tablename || '.' || indexname AS name FROM pg_indexes
        WHERE schemaname = 'public' AND tablename = ANY ($1) ORDER BY 1`,
      [TABLES],
    );
    return rows.map((r: { name: string }) => r.name);
  }

  it('lists every projection with position, lag and state for support only', async () => {
    const all = await statuses();

    expect(all.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'backup-set-items',
        'bulk-operation-runs',
        'notifications',
      ]),
    );
    const runs = all.find((s) => s.name === 'bulk-operation-runs')!;
    expect(runs).toMatchObject({
      state: 'live',
      lagEvents: 0,
      lagSeconds: 0,
      running: true,
      error: null,
      rebuild: null,
    });
    expect(runs.eventsApplied).toBeGreaterThan(50);
    await http()
      .get('/v1/admin/projections')
      .auth(operator, { type: 'bearer' })
      .expect(403);
    await http()
      .post('/v1/admin/projections/notifications/rebuild')
      .auth(auditor, { type: 'bearer' })
      .expect(403);
    await http()
      .post('/v1/admin/projections/no-such-projection/rebuild')
      .auth(support, { type: 'bearer' })
      .expect(404);
  });

  it('rebuilds every projection into tables equal to the live ones, row for row', async () => {
    const before = await contents();
    const indexes = await indexNames();
    expect(before.bulk_operation_runs).toHaveLength(6);
    expect(before.notifications).toHaveLength(5);

    for (const [name, table] of [
      ['bulk-operation-runs', 'bulk_operation_runs'],
      ['backup-set-items', 'backup_set_items'],
      ['notifications', 'notifications'],
    ]) {
      const oid = await tableOid(table);
      await http()
        .post(`/v1/admin/projections/${name}/rebuild`)
        .auth(support, { type: 'bearer' })
        .expect(202);
      await waitFor(`${name} rebuilt`, async () => {
        const status = (await statuses()).find((s) => s.name === name)!;
        return (
          status.rebuild === null &&
          status.state !== 'rebuilding' &&
          (await tableOid(table)) !== oid
        );
      });
    }

    expect(await contents()).toEqual(before);
    expect(await indexNames()).toEqual(indexes);
    const [{ n }] = await db().query(
      `SELECT count(*)::int AS n FROM information_schema.schemata
        WHERE schema_name LIKE 'rebuild\\_%'`,
    );
    expect(n).toBe(0);
  });

  it('keeps the live runner applying new events after a swap', async () => {
    await t.app.get(ProjectionRebuilds).rebuild('bulk-operation-runs', 'test');

    const run = await startRun(tenant.policyIds.slice(0, 2));
    await finishRun(tenant.policyIds.slice(0, 2), run, false);

    await waitFor('the new run completed in the rebuilt model', async () => {
      const [row] = await db().query(
        'SELECT status FROM bulk_operation_runs WHERE id = $1',
        [run.runId],
      );
      return row?.status === 'completed';
    });
    await caughtUp();
    const verified = await t.app
      .get(ProjectionRebuilds)
      .verify('bulk-operation-runs', 'test');
    expect(verified.differences).toEqual([]);
  });

  it('answers reads with the full model throughout a rebuild', async () => {
    const projection = t.app
      .get(ProjectionHost)
      .projections()
      .find((p) => p.name === 'bulk-operation-runs')!;
    const expected = await http()
      .get(`/v1/tenants/${tenant.tenantId}/runs?limit=200`)
      .auth(operator, { type: 'bearer' })
      .expect(200);
    // Small batches stretch the rebuild over many transactions.
    const rebuild = await ProjectionRebuild.begin(projection, {
      store: t.app.get(EventStore),
      dataSource: db(),
      checkpoints: t.app.get(CheckpointStore),
      options: { batchSize: 5, lockTimeoutMs: 250, lockAttempts: 40 },
    });
    let done = false;
    const finished = rebuild.rebuild().finally(() => (done = true));
    let reads = 0;
    while (!done) {
      const { body } = await http()
        .get(`/v1/tenants/${tenant.tenantId}/runs?limit=200`)
        .auth(operator, { type: 'bearer' })
        .expect(200);
      reads++;
      expect(body.items).toEqual(expected.body.items);
    }
    const result = await finished;

    expect(result.events).toBeGreaterThan(50);
    expect(reads).toBeGreaterThan(1);
  });

  it('refuses a second rebuild of the same projection while one runs', async () => {
    const projection = t.app
      .get(ProjectionHost)
      .projections()
      .find((p) => p.name === 'notifications')!;
    const first = await ProjectionRebuild.begin(projection, {
      store: t.app.get(EventStore),
      dataSource: db(),
      checkpoints: t.app.get(CheckpointStore),
    });

    const second = await http()
      .post('/v1/admin/projections/notifications/rebuild')
      .auth(support, { type: 'bearer' })
      .expect(409);

    expect(second.body.detail).toBe(
      'a rebuild of notifications is already running',
    );
    await first.rebuild();
  });

  it('reports differences when a live table drifted from the log', async () => {
    await db().query(
      'UPDATE notifications SET total = total + 1 WHERE id = (SELECT id FROM notifications LIMIT 1)',
    );

    const result = await t.app
      .get(ProjectionRebuilds)
      .verify('notifications', 'test');

    expect(result.differences).toHaveLength(1);
    expect(result.differences[0]).toMatchObject({
      table: 'notifications',
      onlyLive: [expect.any(Object)],
      onlyRebuilt: [expect.any(Object)],
    });
  });
});
