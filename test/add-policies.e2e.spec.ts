import { randomUUID } from 'node:crypto';

import request from 'supertest';
import { DataSource } from 'typeorm';

import {
  AddPoliciesCommand,
  AddPoliciesHandler,
  SelectionReferences,
} from '@app/bulk-operations';
import { AppConfig } from '@app/config';
import { EventStore } from '@app/event-store';
import { CorrelationContext } from '@app/observability';
import { BackupSets } from '@app/reference-data';
import { waitFor } from '@app/testing';

import { captured, recordOutcome } from './support/record-outcome';
import { seedTenant, SeededTenant } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

const MAX_POLICIES = 30;

describe('POST add-policies and the run read model', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let other: SeededTenant;
  let operator: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp('add_policies', {
      runProjections: true,
      env: { MAX_POLICIES_PER_RUN: String(MAX_POLICIES) },
    });
    tenant = await seedTenant(t.app, 40);
    other = await seedTenant(t.app, 5);
    operator = await t.token([[tenant.tenantId, 'operator']]);
    auditor = await t.token([[tenant.tenantId, 'auditor']], 'auditor-1');
  });

  afterAll(() => t?.close());

  const http = () => request(t.app.getHttpServer());
  const addPath = (s: SeededTenant, backupSetId = s.backupSetId) =>
    `/v1/tenants/${s.tenantId}/backup-sets/${backupSetId}/add-policies`;
  const add = (body: object, token = operator, path = addPath(tenant)) =>
    http().post(path).auth(token, { type: 'bearer' }).send(body);
  const get = (path: string, token = operator) =>
    http().get(path).auth(token, { type: 'bearer' });
  /** The run once projected; reads are eventually consistent. */
  const projected = (path: string, token = operator) =>
    waitFor(`${path} to be readable`, async () => {
      const response = await get(path, token);
      return response.status === 200 && response;
    });

  async function eventCount(): Promise<number> {
    const [{ count }] = await t.app
      .get(DataSource)
      .query('SELECT count(*)::int AS count FROM event_store_events');
    return count;
  }

  /** Finishes a run by recording an outcome for each item. */
  async function finishRun(policyIds: string[], runId: string, key: string) {
    for (const policyId of policyIds) {
      await recordOutcome(t.app.get(EventStore), {
        tenantId: tenant.tenantId,
        key,
        runId,
        policyId,
        result: captured(),
      });
    }
  }

  describe('an accepted command', () => {
    it('answers 202 with the run and a link that reads the own write', async () => {
      const selection = tenant.policyIds.slice(0, 3);

      const response = await add({ policyIds: selection }).expect(202);

      expect(response.body).toEqual({
        runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'pending',
        reused: false,
        links: { run: expect.stringContaining(response.body.runId) },
      });
      const run = await get(response.body.links.run).expect(200);
      expect(run.body).toMatchObject({
        id: response.body.runId,
        tenantId: tenant.tenantId,
        resource: 'backup_set',
        resourceId: tenant.backupSetId,
        action: 'add_policies',
        status: 'pending',
        total: 3,
        processed: 0,
        requestedBy: 'user-1',
      });
    });

    it('reuses the active run for an identical selection, with one event', async () => {
      const selection = tenant.policyIds.slice(3, 6);
      const before = await eventCount();

      const first = await add({ policyIds: selection }).expect(202);
      const second = await add({
        policyIds: [...selection].reverse().concat(selection[0]),
      }).expect(202);

      expect(second.body).toMatchObject({
        runId: first.body.runId,
        reused: true,
      });
      expect(await eventCount()).toBe(before + 1);
    });

    it('gives 50 concurrent identical requests one run and one event', async () => {
      const selection = tenant.policyIds.slice(6, 16);
      const before = await eventCount();

      const responses = await Promise.all(
        Array.from({ length: 50 }, () => add({ policyIds: selection })),
      );

      expect(responses.map((r) => r.status)).toEqual(Array(50).fill(202));
      expect(new Set(responses.map((r) => r.body.runId)).size).toBe(1);
      expect(responses.filter((r) => !r.body.reused)).toHaveLength(1);
      expect(await eventCount()).toBe(before + 1);
    });

    it('starts a new run in the same stream once the previous one finished', async () => {
      const selection = tenant.policyIds.slice(16, 18);
      const first = await add({ policyIds: selection }).expect(202);
      const run = await projected(first.body.links.run);
      await finishRun(run.body.itemIds, run.body.id, run.body.idempotencyKey);

      const second = await add({ policyIds: selection }).expect(202);

      expect(second.body.reused).toBe(false);
      expect(second.body.runId).not.toBe(first.body.runId);
      const finished = await waitFor('the first run to complete', async () => {
        const res = await get(
          `/v1/tenants/${tenant.tenantId}/runs/${first.body.runId}`,
        );
        return res.body.status === 'completed' && res.body;
      });
      expect(finished).toMatchObject({ processed: 2, succeeded: 2, failed: 0 });
    });
  });

  describe('a selection another API process requested', () => {
    // A handler of its own stands for another API instance: this app's
    // handler has never seen the selection's stream.
    const otherProcess = () =>
      new AddPoliciesHandler(
        t.app.get(EventStore),
        t.app.get(SelectionReferences),
        t.app.get(AppConfig),
        t.app.get(CorrelationContext),
      );
    const command = (policyIds: string[]) =>
      new AddPoliciesCommand(
        tenant.tenantId,
        tenant.backupSetId,
        policyIds,
        // The route's defaults, so both ask for the same selection.
        {
          includeAssignments: false,
          includeScopeTags: false,
          includeFoundations: false,
        },
        'user-2',
      );

    it('reuses that active run, with one event', async () => {
      const selection = tenant.policyIds.slice(30, 33);
      const before = await eventCount();
      const elsewhere = await otherProcess().execute(command(selection));

      const here = await add({ policyIds: selection }).expect(202);

      expect(here.body).toMatchObject({
        runId: elsewhere.runId,
        reused: true,
      });
      expect(await eventCount()).toBe(before + 1);
    });

    it('starts a new run after that run finished', async () => {
      const selection = tenant.policyIds.slice(33, 35);
      const elsewhere = await otherProcess().execute(command(selection));
      const run = await projected(
        `/v1/tenants/${tenant.tenantId}/runs/${elsewhere.runId}`,
      );
      await finishRun(run.body.itemIds, run.body.id, run.body.idempotencyKey);

      const here = await add({ policyIds: selection }).expect(202);

      expect(here.body.reused).toBe(false);
      expect(here.body.runId).not.toBe(elsewhere.runId);
    });
  });

  describe('a rejected command writes nothing', () => {
    const cases: [string, () => request.Test, number, string][] = [
      [
        'unknown fields',
        () => add({ policyIds: [tenant.policyIds[0]], extra: 1 }),
        400,
        'extra',
      ],
      [
        'a malformed policy id',
        () => add({ policyIds: ['not-a-uuid'] }),
        400,
        'policyIds',
      ],
      ['an empty selection', () => add({ policyIds: [] }), 400, 'policyIds'],
      ['a missing selection', () => add({}), 400, 'policyIds'],
      [
        'a non-boolean option',
        () =>
          add({ policyIds: [tenant.policyIds[0]], includeAssignments: 'yes' }),
        400,
        'includeAssignments',
      ],
      [
        'too many policies',
        () => add({ policyIds: tenant.policyIds.slice(0, MAX_POLICIES + 1) }),
        413,
        'policyIds',
      ],
      [
        'a policy of another tenant',
        () => add({ policyIds: [tenant.policyIds[0], other.policyIds[0]] }),
        422,
        'policyIds[1]',
      ],
      [
        'an unknown policy',
        () => add({ policyIds: [randomUUID()] }),
        422,
        'policyIds[0]',
      ],
      [
        'an unknown backup set',
        () =>
          add(
            { policyIds: [tenant.policyIds[0]] },
            operator,
            addPath(tenant, randomUUID()),
          ),
        404,
        '',
      ],
      [
        'a backup set of another tenant',
        () =>
          add(
            { policyIds: [tenant.policyIds[0]] },
            operator,
            addPath(tenant, other.backupSetId),
          ),
        404,
        '',
      ],
      [
        'a malformed backup set id',
        () =>
          add(
            { policyIds: [tenant.policyIds[0]] },
            operator,
            addPath(tenant, 'x'),
          ),
        400,
        '',
      ],
    ];

    it.each(cases)('rejects %s', async (_name, send, status, field) => {
      const before = await eventCount();

      const response = await send().expect(status);

      expect(response.headers['content-type']).toMatch(
        /application\/problem\+json/,
      );
      expect(response.body).toMatchObject({ status, code: expect.any(String) });
      if (field) expect(JSON.stringify(response.body)).toContain(field);
      expect(await eventCount()).toBe(before);
    });

    it('rejects a deleted backup set with 404', async () => {
      const set = await t.app
        .get(BackupSets)
        .create(tenant.tenantId, { name: 'Doomed' }, 'test');
      await t.app.get(BackupSets).softDelete(tenant.tenantId, set.id);

      await add(
        { policyIds: [tenant.policyIds[0]] },
        operator,
        addPath(tenant, set.id),
      ).expect(404);
    });

    it('folds duplicate ids into one item', async () => {
      const id = tenant.policyIds[20];

      const response = await add({
        policyIds: [id, id, id.toUpperCase()],
      }).expect(202);

      const run = await projected(response.body.links.run);
      expect(run.body.itemIds).toEqual([id]);
    });
  });

  describe('access', () => {
    it('lets an auditor read runs but not command', async () => {
      await add({ policyIds: [tenant.policyIds[21]] }, auditor).expect(403);

      await get(`/v1/tenants/${tenant.tenantId}/runs`, auditor).expect(200);
    });

    it('answers 404 for every run route of a tenant the caller lacks', async () => {
      const response = await add({ policyIds: [tenant.policyIds[22]] }).expect(
        202,
      );
      const outsider = await t.token(
        [[other.tenantId, 'operator']],
        'outsider',
      );
      const base = `/v1/tenants/${tenant.tenantId}`;

      for (const path of [
        `${base}/runs`,
        `${base}/runs/${response.body.runId}`,
        `${base}/runs/${response.body.runId}/items`,
      ]) {
        await get(path, outsider).expect(404);
      }
      await add({ policyIds: [tenant.policyIds[22]] }, outsider).expect(404);
    });

    it("never shows a run under another tenant's path", async () => {
      const response = await add({ policyIds: [tenant.policyIds[23]] }).expect(
        202,
      );
      const both = await t.token([
        [tenant.tenantId, 'operator'],
        [other.tenantId, 'operator'],
      ]);
      await projected(response.body.links.run, both);

      await get(
        `/v1/tenants/${other.tenantId}/runs/${response.body.runId}`,
        both,
      ).expect(404);
      const list = await get(`/v1/tenants/${other.tenantId}/runs`, both).expect(
        200,
      );
      expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(
        response.body.runId,
      );
    });
  });

  describe('queries', () => {
    it('lists runs newest first with cursor paging and a status filter', async () => {
      const mine = await seedTenant(t.app, 5);
      const token = await t.token([[mine.tenantId, 'operator']]);
      const ids: string[] = [];
      for (const policyId of mine.policyIds) {
        const r = await add(
          { policyIds: [policyId] },
          token,
          addPath(mine),
        ).expect(202);
        await projected(r.body.links.run, token);
        ids.push(r.body.runId);
      }
      const base = `/v1/tenants/${mine.tenantId}/runs`;

      const first = await get(`${base}?limit=2`, token).expect(200);
      const second = await get(
        `${base}?limit=2&cursor=${first.body.nextCursor}`,
        token,
      ).expect(200);
      const third = await get(
        `${base}?limit=2&cursor=${second.body.nextCursor}`,
        token,
      ).expect(200);

      const listed = [
        ...first.body.items,
        ...second.body.items,
        ...third.body.items,
      ];
      expect(listed.map((r: { id: string }) => r.id)).toEqual(
        [...ids].reverse(),
      );
      expect(third.body.nextCursor).toBeNull();
      const running = await get(`${base}?status=running`, token).expect(200);
      expect(running.body.items).toEqual([]);
      const pending = await get(`${base}?status=pending`, token).expect(200);
      expect(pending.body.items).toHaveLength(5);
      await get(`${base}?status=bogus`, token).expect(400);
      await get(`${base}?cursor=garbage`, token).expect(400);
      // Well-formed but forged: parts that are not a timestamp and a uuid.
      await get(
        `${base}?cursor=${Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url')}`,
        token,
      ).expect(400);
      const item = Buffer.from(JSON.stringify(['x'])).toString('base64url');
      await get(`${base}/${ids[0]}/items?cursor=${item}`, token).expect(400);
    });

    it("lists a run's items with their outcome", async () => {
      const selection = tenant.policyIds.slice(24, 27);
      const r = await add({ policyIds: selection }).expect(202);
      await projected(r.body.links.run);

      const items = await get(
        `/v1/tenants/${tenant.tenantId}/runs/${r.body.runId}/items?limit=2`,
      ).expect(200);

      expect(items.body.items).toHaveLength(2);
      expect(items.body.items[0]).toMatchObject({
        status: 'pending',
        attempts: 0,
      });
      expect(items.body.nextCursor).toEqual(expect.any(String));
    });

    it('rejects a made-up read-your-write position at once', async () => {
      const response = await add({ policyIds: [tenant.policyIds[28]] }).expect(
        202,
      );
      const run = `/v1/tenants/${tenant.tenantId}/runs/${response.body.runId}`;

      const rejected = await get(`${run}?after=zzzz`).expect(400);

      expect(rejected.body.problems).toEqual([
        expect.objectContaining({ field: 'after' }),
      ]);
    });

    it('answers 404 for an unknown run', async () => {
      await get(`/v1/tenants/${tenant.tenantId}/runs/${randomUUID()}`).expect(
        404,
      );
    });
  });
});

describe('add-policies with the largest selections', () => {
  const MAX = 5_000;
  let t: TestApp;
  let tenant: SeededTenant;
  let operator: string;

  beforeAll(async () => {
    t = await startTestApp('add_policies_large', {
      env: { MAX_POLICIES_PER_RUN: String(MAX) },
    });
    tenant = await seedTenant(t.app, 1);
    operator = await t.token([[tenant.tenantId, 'operator']]);
  });

  afterAll(() => t?.close());

  const post = (body: object) =>
    request(t.app.getHttpServer())
      .post(
        `/v1/tenants/${tenant.tenantId}/backup-sets/${tenant.backupSetId}/add-policies`,
      )
      .auth(operator, { type: 'bearer' })
      .set('content-type', 'application/json')
      .send(JSON.stringify(body, null, 2));

  it('reads a selection of the most policies a run takes, though its body is over 100 kB', async () => {
    const policyIds = Array.from({ length: MAX }, () => randomUUID());

    const response = await post({ policyIds });

    // The command itself answered: these ids are not in the inventory.
    expect(response.status).toBe(422);
    expect(response.body.code).not.toBe('too_large');
  });

  it('refuses a body beyond what such a selection needs with 413', async () => {
    const response = await post({
      policyIds: [randomUUID()],
      padding: 'x'.repeat(MAX * 64 + 8 * 1024),
    });

    expect(response.status).toBe(413);
    expect(response.body.code).toBe('too_large');
  });
});
