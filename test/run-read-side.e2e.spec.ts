import { randomUUID } from 'node:crypto';
import { get as httpGet, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import request from 'supertest';

import {
  backupSetItemId,
  bulkOperationStreamName,
  decideOutcome,
  deterministicEventId,
  ItemResult,
  loadStreamState,
} from '@app/bulk-operations';
import { EventStore, NewEvent } from '@app/event-store';
import { buildSnapshot, PolicyType, SnapshotStore } from '@app/graph';
import { PolicyInventory } from '@app/reference-data';
import { waitFor } from '@app/testing';

import { seedTenant, SeededTenant } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

interface Run {
  readonly runId: string;
  readonly stream: string;
  readonly tenant: SeededTenant;
}

interface Item {
  id: string;
  policyId: string;
  policyType: string;
  displayName: string | null;
  snapshotHash: string;
  runId: string;
  capturedAt: string;
}

interface Notification {
  id: string;
  runId: string;
  status: string;
  text: string;
  links: { run: string };
  read: boolean;
}

describe('the read side of a run', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let other: SeededTenant;
  let operator: string;
  let auditor: string;
  let colleague: string;
  let outsider: string;

  beforeAll(async () => {
    t = await startTestApp('run_read_side', { runProjections: true });
    tenant = await seedTenant(t.app, 20);
    other = await seedTenant(t.app, 3);
    operator = await t.token([[tenant.tenantId, 'operator']]);
    auditor = await t.token([[tenant.tenantId, 'auditor']], 'auditor-1');
    colleague = await t.token([[tenant.tenantId, 'operator']], 'user-2');
    outsider = await t.token([[other.tenantId, 'operator']], 'outsider');
  });

  afterAll(() => t?.close());

  const http = () => request(t.app.getHttpServer());
  const get = (path: string, token = operator) =>
    http().get(path).auth(token, { type: 'bearer' });
  const itemsPath = (s: SeededTenant, backupSetId = s.backupSetId) =>
    `/v1/tenants/${s.tenantId}/backup-sets/${backupSetId}/items`;

  /** Sends the command as `token` and reads the run it started. */
  async function startRun(
    policyIds: string[],
    s = tenant,
    token = operator,
  ): Promise<Run> {
    const accepted = await http()
      .post(
        `/v1/tenants/${s.tenantId}/backup-sets/${s.backupSetId}/add-policies`,
      )
      .auth(token, { type: 'bearer' })
      .send({ policyIds })
      .expect(202);
    const run = await waitFor('the run to be projected', async () => {
      const response = await get(accepted.body.links.run, token);
      return response.status === 200 && response;
    });
    return {
      runId: run.body.id,
      stream: bulkOperationStreamName(run.body.idempotencyKey),
      tenant: s,
    };
  }

  /** Stores a snapshot of the policy the way a worker does, first. */
  async function snapshotOf(
    s: SeededTenant,
    policyId: string,
    revision: number,
  ): Promise<Extract<ItemResult, { kind: 'captured' }>> {
    const [policy] = await t.app
      .get(PolicyInventory)
      .findMany(s.tenantId, [policyId]);
    const policyType = policy.policyType as PolicyType;
    const snapshot = buildSnapshot({
      tenantId: s.tenantId,
      content: {
        schemaVersion: 1,
        policyType,
        graphId: policy.graphId,
        policy: {
          id: policy.graphId,
          displayName: policy.displayName,
          revision,
        },
      },
      graphRequests: 1,
      durationMs: 1,
    });
    await t.app.get(SnapshotStore).save(snapshot);
    return {
      kind: 'captured',
      policyType,
      snapshotHash: snapshot.hash,
      attempts: 1,
    };
  }

  const notFound: ItemResult = {
    kind: 'failed',
    reasonCode: 'not_found',
    message: 'The policy no longer exists.',
    attempts: 1,
  };

  async function append(run: Run, events: NewEvent[], revision: bigint) {
    await t.app
      .get(EventStore)
      .append(run.stream, events, { expectedRevision: revision });
  }

  const metadata = (run: Run) => ({
    tenantId: run.tenant.tenantId,
    userId: 'worker',
    correlationId: run.runId,
    causationId: null,
    schemaVersion: 1,
  });

  /** Records outcomes as workers do; the last one completes the run. */
  async function record(run: Run, outcomes: [string, ItemResult][]) {
    const store = t.app.get(EventStore);
    for (const [policyId, result] of outcomes) {
      const state = await loadStreamState(store, run.stream);
      const decision = decideOutcome(state, {
        runId: run.runId,
        policyId,
        result,
      });
      if (decision.kind !== 'append') throw new Error(decision.kind);
      await append(
        run,
        decision.events.map((event) => ({
          id: deterministicEventId(run.runId, policyId, event.type),
          type: event.type,
          data: event.data,
          metadata: metadata(run),
        })),
        state.revision,
      );
    }
  }

  async function failRun(run: Run, reasonCode: string) {
    const state = await loadStreamState(t.app.get(EventStore), run.stream);
    await append(
      run,
      [
        {
          id: deterministicEventId(run.runId, 'BulkOperationRunFailed'),
          type: 'BulkOperationRunFailed',
          data: { runId: run.runId, reasonCode, message: 'The set is gone.' },
          metadata: metadata(run),
        },
      ],
      state.revision,
    );
  }

  async function itemsOf(
    s: SeededTenant,
    until: (items: Item[]) => boolean,
  ): Promise<Item[]> {
    return waitFor('the backup set items', async () => {
      const res = await get(`${itemsPath(s)}?limit=200`).expect(200);
      const items = res.body.items as Item[];
      return until(items) && items;
    });
  }

  async function notificationsOf(token: string): Promise<Notification[]> {
    const res = await get('/v1/me/notifications', token).expect(200);
    return res.body.items;
  }

  const notificationFor = (runId: string, token = operator) =>
    waitFor(`the notification of run ${runId}`, async () =>
      (await notificationsOf(token)).find((n) => n.runId === runId),
    );

  describe('backup set items after a run', () => {
    it('lists the captured policies with their hashes, not the failed one', async () => {
      const [a, b, failed] = tenant.policyIds.slice(0, 3);
      const run = await startRun([a, b, failed]);
      const captureA = await snapshotOf(tenant, a, 1);
      const captureB = await snapshotOf(tenant, b, 1);

      await record(run, [
        [a, captureA],
        [failed, notFound],
        [b, captureB],
      ]);

      const items = await itemsOf(tenant, (all) =>
        [a, b].every((id) => all.some((item) => item.policyId === id)),
      );
      expect(items.map((item) => item.policyId)).not.toContain(failed);
      expect(items.find((item) => item.policyId === a)).toEqual({
        id: backupSetItemId(tenant.backupSetId, a),
        backupSetId: tenant.backupSetId,
        policyId: a,
        policyType: captureA.policyType,
        displayName: 'Policy 0',
        snapshotHash: captureA.snapshotHash,
        runId: run.runId,
        capturedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    });

    it('returns one item with the stored snapshot', async () => {
      const policyId = tenant.policyIds[3];
      const run = await startRun([policyId]);
      const capture = await snapshotOf(tenant, policyId, 1);
      await record(run, [[policyId, capture]]);
      const itemId = backupSetItemId(tenant.backupSetId, policyId);
      await itemsOf(tenant, (all) => all.some((item) => item.id === itemId));

      const detail = await get(`${itemsPath(tenant)}/${itemId}`).expect(200);

      expect(detail.body).toMatchObject({
        id: itemId,
        policyId,
        snapshotHash: capture.snapshotHash,
        snapshot: {
          hash: capture.snapshotHash,
          policyType: capture.policyType,
          content: {
            schemaVersion: 1,
            policyType: capture.policyType,
            policy: { displayName: 'Policy 3', revision: 1 },
          },
        },
      });
    });

    it('updates the items of policies captured again rather than adding more', async () => {
      const selection = tenant.policyIds.slice(4, 7);
      const first = await startRun(selection);
      const before = await Promise.all(
        selection.map((id) => snapshotOf(tenant, id, 1)),
      );
      await record(
        first,
        selection.map((id, i) => [id, before[i]]),
      );
      await waitFor('the first run to complete', async () => {
        const res = await get(
          `/v1/tenants/${tenant.tenantId}/runs/${first.runId}`,
        );
        return res.body.status === 'completed';
      });

      const second = await startRun(selection);
      const after = await Promise.all(
        selection.map((id) => snapshotOf(tenant, id, 2)),
      );
      await record(
        second,
        selection.map((id, i) => [id, after[i]]),
      );

      const items = await itemsOf(tenant, (all) =>
        all.some(
          (item) =>
            item.policyId === selection[2] && item.runId === second.runId,
        ),
      );
      const mine = items.filter((item) => selection.includes(item.policyId));
      expect(mine).toHaveLength(3);
      expect(
        mine.map((item) => [item.policyId, item.snapshotHash, item.runId]),
      ).toEqual(
        expect.arrayContaining(
          selection.map((id, i) => [id, after[i].snapshotHash, second.runId]),
        ),
      );
      expect(after[0].snapshotHash).not.toBe(before[0].snapshotHash);
    });

    it('pages through the items with a cursor', async () => {
      const mine = await seedTenant(t.app, 3);
      const token = await t.token([[mine.tenantId, 'operator']]);
      const run = await startRun(mine.policyIds, mine, token);
      await record(
        run,
        await Promise.all(
          mine.policyIds.map(
            async (id) =>
              [id, await snapshotOf(mine, id, 1)] as [string, ItemResult],
          ),
        ),
      );
      await waitFor('three items', async () => {
        const res = await get(itemsPath(mine), token);
        return res.body.items?.length === 3;
      });

      const pages: Item[][] = [];
      let cursor = '';
      do {
        const res = await get(
          `${itemsPath(mine)}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          token,
        ).expect(200);
        pages.push(res.body.items);
        cursor = res.body.nextCursor ?? '';
      } while (cursor);

      expect(pages.map((page) => page.length)).toEqual([2, 1]);
      expect(pages.flat().map((item) => item.policyId)).toEqual(
        [...mine.policyIds].sort(),
      );
      await get(`${itemsPath(mine)}?cursor=garbage`, token).expect(400);
    });
  });

  describe('access to backup set items', () => {
    const captured = async () => {
      const policyId = tenant.policyIds[7];
      const run = await startRun([policyId]);
      await record(run, [[policyId, await snapshotOf(tenant, policyId, 1)]]);
      const itemId = backupSetItemId(tenant.backupSetId, policyId);
      await itemsOf(tenant, (all) => all.some((item) => item.id === itemId));
      return itemId;
    };

    it('lets an auditor read the items and their snapshots', async () => {
      const itemId = await captured();

      await get(itemsPath(tenant), auditor).expect(200);
      await get(`${itemsPath(tenant)}/${itemId}`, auditor).expect(200);
    });

    it('answers 404 to other tenants and for sets or items that are not there', async () => {
      const itemId = await captured();
      const both = await t.token([
        [tenant.tenantId, 'operator'],
        [other.tenantId, 'operator'],
      ]);
      const cases: [string, string][] = [
        [itemsPath(tenant), outsider],
        [`${itemsPath(tenant)}/${itemId}`, outsider],
        [itemsPath(other, tenant.backupSetId), both],
        [`${itemsPath(other, tenant.backupSetId)}/${itemId}`, both],
        [`${itemsPath(other)}/${itemId}`, both],
        [itemsPath(tenant, randomUUID()), operator],
        [`${itemsPath(tenant)}/${randomUUID()}`, operator],
      ];

      for (const [path, token] of cases) {
        const res = await get(path, token).expect(404);
        expect(res.headers['content-type']).toMatch(
          /application\/problem\+json/,
        );
      }
      await get(`${itemsPath(tenant)}/not-a-uuid`).expect(400);
    });
  });

  describe('notifications', () => {
    it('tells the requesting user once how the run ended, with a link to it', async () => {
      const [a, failed] = tenant.policyIds.slice(8, 10);
      const run = await startRun([a, failed]);

      await record(run, [
        [a, await snapshotOf(tenant, a, 1)],
        [failed, notFound],
      ]);

      const notification = await notificationFor(run.runId);
      expect(notification).toEqual({
        id: expect.any(String),
        tenantId: tenant.tenantId,
        runId: run.runId,
        status: 'completed_with_errors',
        text: 'Added 1 of 2 policies to "Nightly"; 1 failed.',
        links: { run: `/v1/tenants/${tenant.tenantId}/runs/${run.runId}` },
        read: false,
        readAt: null,
        createdAt: expect.any(String),
      });
      await get(notification.links.run).expect(200);
      const mine = await notificationsOf(operator);
      expect(mine.filter((n) => n.runId === run.runId)).toHaveLength(1);
    });

    it('shows a user none of the runs others requested', async () => {
      const policyId = tenant.policyIds[10];
      const run = await startRun([policyId]);
      await record(run, [[policyId, await snapshotOf(tenant, policyId, 1)]]);
      await notificationFor(run.runId);

      expect(await notificationsOf(colleague)).toEqual([]);
      expect(await notificationsOf(auditor)).toEqual([]);
    });

    it('tells the user when a run failed, with its reason code', async () => {
      const run = await startRun(tenant.policyIds.slice(11, 13));

      await failRun(run, 'backup_set_not_found');

      const notification = await notificationFor(run.runId);
      expect(notification).toMatchObject({
        status: 'failed',
        text: 'Could not add 2 policies to "Nightly" (backup_set_not_found).',
      });
    });

    it('marks a notification read, filters by unread, and hides it from others', async () => {
      const policyId = tenant.policyIds[13];
      const run = await startRun([policyId]);
      await record(run, [[policyId, await snapshotOf(tenant, policyId, 1)]]);
      const notification = await notificationFor(run.runId);
      const markRead = (id: string, token: string) =>
        http()
          .post(`/v1/me/notifications/${id}/read`)
          .auth(token, { type: 'bearer' });

      await markRead(notification.id, colleague).expect(404);
      await markRead(notification.id, operator).expect(204);
      await markRead(notification.id, operator).expect(204);

      const unread = await get('/v1/me/notifications?unread=true').expect(200);
      expect(unread.body.items.map((n: Notification) => n.id)).not.toContain(
        notification.id,
      );
      const read = await get('/v1/me/notifications?unread=false').expect(200);
      expect(read.body.items).toEqual([
        expect.objectContaining({ id: notification.id, read: true }),
      ]);
      await get('/v1/me/notifications?unread=maybe').expect(400);
      await markRead(randomUUID(), operator).expect(404);
    });

    it('lists newest first with cursor paging', async () => {
      const user = await t.token([[tenant.tenantId, 'operator']], 'pager');
      const runIds: string[] = [];
      for (const policyId of tenant.policyIds.slice(14, 17)) {
        const run = await startRun([policyId], tenant, user);
        await record(run, [[policyId, notFound]]);
        await notificationFor(run.runId, user);
        runIds.push(run.runId);
      }

      const first = await get('/v1/me/notifications?limit=2', user).expect(200);
      const second = await get(
        `/v1/me/notifications?limit=2&cursor=${first.body.nextCursor}`,
        user,
      ).expect(200);

      expect(
        [...first.body.items, ...second.body.items].map(
          (n: Notification) => n.runId,
        ),
      ).toEqual([...runIds].reverse());
      expect(second.body.nextCursor).toBeNull();
    });

    it('needs a token', async () => {
      await http().get('/v1/me/notifications').expect(401);
    });
  });
  describe('live progress', () => {
    const livePath = (run: Run, s = tenant) =>
      `/v1/tenants/${s.tenantId}/runs/${run.runId}/live`;

    beforeAll(async () => {
      const server: Server = t.app.getHttpServer();
      if (!server.listening) {
        await new Promise<void>((resolve) =>
          server.listen(0, '127.0.0.1', resolve),
        );
      }
    });

    const open = (path: string, token = operator) =>
      openEventStream(t.app.getHttpServer(), path, token);

    async function startRunning(run: Run) {
      const state = await loadStreamState(t.app.get(EventStore), run.stream);
      await append(
        run,
        [
          {
            id: deterministicEventId(run.runId, 'BulkOperationRunStarted'),
            type: 'BulkOperationRunStarted',
            data: { runId: run.runId, scheduledCount: 3 },
            metadata: metadata(run),
          },
        ],
        state.revision,
      );
    }

    const progressOf = (events: SseEvent[]) =>
      events.filter((e) => e.type === 'progress').map((e) => e.data);

    it('streams progress on every change and ends after the terminal status', async () => {
      const [a, b, failed] = tenant.policyIds.slice(17, 20);
      const run = await startRun([a, b, failed]);
      const stream = await open(livePath(run));
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      await stream.next('progress', { status: 'pending', processed: 0 });

      await startRunning(run);
      await stream.next('progress', { status: 'running', processed: 0 });
      await record(run, [[a, await snapshotOf(tenant, a, 1)]]);
      await stream.next('progress', { processed: 1, succeeded: 1 });
      await record(run, [
        [failed, notFound],
        [b, await snapshotOf(tenant, b, 1)],
      ]);
      await stream.ended;

      const final = {
        runId: run.runId,
        status: 'completed_with_errors',
        total: 3,
        processed: 3,
        succeeded: 2,
        failed: 1,
        skipped: 0,
        failureCode: null,
      };
      expect(stream.events.at(-1)).toEqual({ type: 'finished', data: final });
      const progress = progressOf(stream.events);
      expect(progress.at(-1)).toEqual(final);
      for (let i = 1; i < progress.length; i++) {
        expect(progress[i]).not.toEqual(progress[i - 1]);
      }
    });

    it('sends the terminal status at once for a finished run, to an auditor too', async () => {
      const run = await startRun(tenant.policyIds.slice(0, 1));
      await failRun(run, 'backup_set_not_found');
      await waitFor('the run to fail', async () => {
        const res = await get(
          `/v1/tenants/${tenant.tenantId}/runs/${run.runId}`,
        );
        return res.body.status === 'failed';
      });

      const stream = await open(livePath(run), auditor);
      await stream.ended;

      expect(stream.events.map((e) => e.type)).toEqual([
        'progress',
        'finished',
      ]);
      expect(stream.events[1].data).toMatchObject({
        status: 'failed',
        failureCode: 'backup_set_not_found',
        skipped: 1,
      });
    });

    it('answers 404 problem details, not a stream, for runs that are not there', async () => {
      const run = await startRun(tenant.policyIds.slice(1, 2));
      const both = await t.token([
        [tenant.tenantId, 'operator'],
        [other.tenantId, 'operator'],
      ]);
      const cases: [string, string][] = [
        [livePath({ ...run, runId: randomUUID() }), operator],
        [livePath(run), outsider],
        [livePath(run, other), both],
      ];

      for (const [path, token] of cases) {
        const res = await get(path, token).expect(404);
        expect(res.headers['content-type']).toMatch(
          /application\/problem\+json/,
        );
      }
      await get(livePath({ ...run, runId: 'nope' })).expect(400);
    });

    it('lets a client leave before the run ends', async () => {
      const run = await startRun(tenant.policyIds.slice(2, 3));
      const stream = await open(livePath(run));
      await stream.next('progress', { status: 'pending' });

      stream.close();
      await stream.ended;

      await get(`/v1/tenants/${tenant.tenantId}/runs/${run.runId}`).expect(200);
    });
  });
});

interface SseEvent {
  readonly type: string;
  readonly data: unknown;
}

interface EventStreamClient {
  readonly status: number;
  readonly contentType: string;
  /** Events so far, comments left out. */
  readonly events: SseEvent[];
  /** Resolves once the server has ended the stream (or it was closed). */
  readonly ended: Promise<void>;
  /** Waits for an event of `type` whose data has these fields. */
  next(type: string, fields: Record<string, unknown>): Promise<SseEvent>;
  close(): void;
}

/** A raw HTTP client for `text/event-stream` responses. */
function openEventStream(
  server: Server,
  path: string,
  token: string,
): Promise<EventStreamClient> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = httpGet(
      {
        host: '127.0.0.1',
        port,
        path,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'text/event-stream',
        },
      },
      (res) => {
        const events: SseEvent[] = [];
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          const blocks = buffer.split('\n\n');
          buffer = blocks.pop() ?? '';
          for (const block of blocks) {
            const event = parseBlock(block);
            if (event) events.push(event);
          }
        });
        const ended = new Promise<void>((done) => res.on('close', done));
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type']),
          events,
          ended,
          next: (type, fields) =>
            waitFor(`a ${type} event with ${JSON.stringify(fields)}`, () =>
              events.find(
                (e) =>
                  e.type === type &&
                  Object.entries(fields).every(
                    ([key, value]) =>
                      (e.data as Record<string, unknown>)[key] === value,
                  ),
              ),
            ),
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', (error) => {
      if (!req.destroyed) reject(error);
    });
  });
}

function parseBlock(block: string): SseEvent | undefined {
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) type = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  return data.length > 0
    ? { type, data: JSON.parse(data.join('\n')) }
    : undefined;
}
