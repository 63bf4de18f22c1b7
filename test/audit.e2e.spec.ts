import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { replayRun, RunHistory, tenantEvents, writeNdjson } from '@app/audit';
import { bulkOperationStreamName } from '@app/bulk-operations';
import { eventUpcasters, EventStore } from '@app/event-store';
import { waitFor } from '@app/testing';

import { formatHistory } from '../apps/cli/src/audit/history-format';
import { captured, recordOutcome } from './support/record-outcome';
import { seedTenant, SeededTenant } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

describe('auditing a run from the event log', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let other: SeededTenant;
  let auditor: string;
  let operator: string;
  let runId: string;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp('audit', { runProjections: true });
    tenant = await seedTenant(t.app, 12);
    other = await seedTenant(t.app, 2);
    auditor = await t.token([[tenant.tenantId, 'auditor']], 'ann');
    operator = await t.token([[tenant.tenantId, 'operator']], 'olga');
    // Two runs in one stream: the second must not show in the first.
    const policyIds = tenant.policyIds.slice(0, 4);
    ({ runId, key } = await startRun(policyIds));
    await finishRun(policyIds, runId, key);
    const second = await startRun(policyIds);
    expect(second.key).toBe(key);
    expect(second.runId).not.toBe(runId);
  });

  afterAll(() => t?.close());

  const http = () => request(t.app.getHttpServer());
  const eventsPath = (tenantId: string, run: string) =>
    `/v1/tenants/${tenantId}/runs/${run}/events`;

  async function startRun(policyIds: string[]) {
    const response = await http()
      .post(
        `/v1/tenants/${tenant.tenantId}/backup-sets/${tenant.backupSetId}/add-policies`,
      )
      .auth(operator, { type: 'bearer' })
      .set('x-correlation-id', `corr-${randomUUID()}`)
      .send({ policyIds })
      .expect(202);
    const [row] = await waitFor('the run in the read model', () =>
      t.app
        .get(DataSource)
        .query(
          'SELECT idempotency_key AS key FROM bulk_operation_runs WHERE id = $1',
          [response.body.runId],
        )
        .then((rows: { key: string }[]) => rows.length > 0 && rows),
    );
    return { runId: response.body.runId as string, key: row.key as string };
  }

  async function finishRun(policyIds: string[], run: string, k: string) {
    for (const [i, policyId] of policyIds.entries()) {
      await recordOutcome(t.app.get(EventStore), {
        tenantId: tenant.tenantId,
        key: k,
        runId: run,
        policyId,
        result:
          i === 0
            ? {
                kind: 'failed',
                reasonCode: 'not_found',
                message: 'gone',
                attempts: 1,
              }
            : captured(),
      });
    }
  }

  describe('GET the run events', () => {
    it('gives the run events in order with their metadata, to an auditor', async () => {
      const { body } = await http()
        .get(eventsPath(tenant.tenantId, runId))
        .auth(auditor, { type: 'bearer' })
        .expect(200);

      expect(body.items.map((e: { type: string }) => e.type)).toEqual([
        'AddPoliciesRequested',
        'PolicyCaptureFailed',
        'PolicyCaptured',
        'PolicyCaptured',
        'PolicyCaptured',
        'BulkOperationRunCompleted',
      ]);
      expect(body.items.map((e: { revision: number }) => e.revision)).toEqual([
        0, 1, 2, 3, 4, 5,
      ]);
      const positions = body.items.map((e: { position: string }) => e.position);
      expect([...positions].sort()).toEqual(positions);
      expect(body.items[0]).toMatchObject({
        streamName: bulkOperationStreamName(key),
        recordedAt: expect.any(String),
        metadata: {
          tenantId: tenant.tenantId,
          userId: 'olga',
          correlationId: expect.any(String),
          schemaVersion: 1,
        },
        data: { runId, policyIds: expect.any(Array) },
      });
      expect(body.nextCursor).toBeNull();
    });

    it('pages with a cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const {
          body,
        }: { body: { items: { id: string }[]; nextCursor: string | null } } =
          await http()
            .get(eventsPath(tenant.tenantId, runId))
            .query(cursor ? { limit: 4, cursor } : { limit: 4 })
            .auth(auditor, { type: 'bearer' })
            .expect(200);
        seen.push(...body.items.map((e) => e.id));
        cursor = body.nextCursor;
      } while (cursor);

      expect(seen).toHaveLength(6);
      expect(new Set(seen).size).toBe(6);
    });

    it('answers 404 for a run of another tenant and 400 for a bad cursor', async () => {
      const outsider = await t.token([[other.tenantId, 'auditor']]);

      await http()
        .get(eventsPath(other.tenantId, runId))
        .auth(outsider, { type: 'bearer' })
        .expect(404);
      await http()
        .get(eventsPath(tenant.tenantId, runId))
        .auth(outsider, { type: 'bearer' })
        .expect(404);
      await http()
        .get(eventsPath(tenant.tenantId, runId))
        .query({ cursor: 'nonsense' })
        .auth(auditor, { type: 'bearer' })
        .expect(400);
    });
  });

  describe('replay', () => {
    it('gives the state after each event, ending where the read model is', async () => {
      const history = t.app.get(RunHistory);
      const states = [];
      for (let revision = 0n; revision <= 5n; revision++) {
        states.push(
          replayRun(await history.upTo(tenant.tenantId, runId, revision)),
        );
      }

      expect(
        states.map((s) => [s.status, s.processed, s.succeeded, s.failed]),
      ).toEqual([
        ['pending', 0, 0, 0],
        ['pending', 1, 0, 1],
        ['pending', 2, 1, 1],
        ['pending', 3, 2, 1],
        ['pending', 4, 3, 1],
        ['completed_with_errors', 4, 3, 1],
      ]);
      const { body: run } = await http()
        .get(`/v1/tenants/${tenant.tenantId}/runs/${runId}`)
        .auth(auditor, { type: 'bearer' })
        .expect(200);
      expect(states[5]).toMatchObject({
        status: run.status,
        total: run.total,
        succeeded: run.succeeded,
        failed: run.failed,
      });
      const failed = states[1].items.filter((i) => i.outcome !== 'pending');
      expect(failed).toEqual([
        {
          policyId: tenant.policyIds[0],
          outcome: 'failed',
          reasonCode: 'not_found',
          message: 'gone',
        },
      ]);
    });

    it('refuses a revision outside the run', async () => {
      await expect(
        t.app.get(RunHistory).upTo(tenant.tenantId, runId, 6n),
      ).rejects.toThrow(/is not an event of run/);
    });
  });

  describe('history output', () => {
    it('renders a table, JSON and NDJSON', async () => {
      const { body } = await http()
        .get(eventsPath(tenant.tenantId, runId))
        .auth(auditor, { type: 'bearer' })
        .expect(200);

      const table = formatHistory(body.items, 'table').split('\n');
      expect(table[0]).toMatch(/^REV\s+POSITION\s+RECORDED AT\s+TYPE/);
      expect(table).toHaveLength(7);
      expect(JSON.parse(formatHistory(body.items, 'json'))).toEqual(body.items);
      expect(
        formatHistory(body.items, 'ndjson')
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual(body.items);
    });
  });

  describe('export', () => {
    it("streams only the tenant's events, in global order, as NDJSON", async () => {
      const lines: string[] = [];
      const out = new Writable({
        highWaterMark: 256,
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          setImmediate(done);
        },
      });

      const count = await writeNdjson(
        out,
        tenantEvents(t.app.get(EventStore), tenant.tenantId, { batchSize: 3 }),
      );

      const events = lines.map((line) => JSON.parse(line));
      const [{ n }] = await t.app
        .get(DataSource)
        .query(
          'SELECT count(*)::int AS n FROM event_store_events WHERE tenant_id = $1',
          [tenant.tenantId],
        );
      // Two runs: six events, then the second run's request.
      expect(n).toBe(7);
      expect(count).toBe(n);
      expect(events).toHaveLength(n);
      expect(
        events.every(
          (e: { metadata: { tenantId: string } }) =>
            e.metadata.tenantId === tenant.tenantId,
        ),
      ).toBe(true);
      const positions = events.map((e: { position: string }) => e.position);
      expect([...positions].sort()).toEqual(positions);
    });

    it('filters by recorded time', async () => {
      const all: string[] = [];
      for await (const e of tenantEvents(
        t.app.get(EventStore),
        tenant.tenantId,
      ))
        all.push(e.recordedAt.toISOString());
      const since = new Date(all[3]);

      const later = [];
      for await (const e of tenantEvents(
        t.app.get(EventStore),
        tenant.tenantId,
        { since },
      ))
        later.push(e);

      expect(later.every((e) => e.recordedAt >= since)).toBe(true);
      expect(later.length).toBe(all.filter((a) => new Date(a) >= since).length);
    });
  });

  describe('upcasting', () => {
    it('reads a stored version-1 event as version 2, leaving the row as written', async () => {
      const type = `AuditProbe${randomUUID().slice(0, 8)}`;
      eventUpcasters.register({
        eventType: type,
        fromVersion: 1,
        upcast: (data) => {
          const { name, ...rest } = data as { name: string };
          return { ...rest, displayName: name };
        },
      });
      const store = t.app.get(EventStore);
      const stream = `auditProbe-${randomUUID()}`;
      await store.append(
        stream,
        [
          {
            id: randomUUID(),
            type,
            data: { name: 'Old name', size: 3 },
            metadata: {
              tenantId: tenant.tenantId,
              userId: 'u',
              correlationId: 'c',
              causationId: null,
              schemaVersion: 1,
            },
          },
        ],
        { expectedRevision: 'no_stream' },
      );

      const [read] = await store.readStream(stream);
      // The log shows it once older transactions on the server have ended.
      const [fromLog] = await waitFor('the event in the log', async () => {
        const events = await store.readAll({ filter: { eventTypes: [type] } });
        return events.length > 0 && events;
      });

      expect(read.data).toEqual({ displayName: 'Old name', size: 3 });
      expect(read.metadata.schemaVersion).toBe(2);
      expect(fromLog.data).toEqual(read.data);
      const [row] = await t.app
        .get(DataSource)
        .query(
          'SELECT data, schema_version FROM event_store_events WHERE stream_name = $1',
          [stream],
        );
      expect(row).toEqual({
        data: { name: 'Old name', size: 3 },
        schema_version: 1,
      });
    });
  });
});
