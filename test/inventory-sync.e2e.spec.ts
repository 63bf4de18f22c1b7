import { randomUUID } from 'node:crypto';

import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import request from 'supertest';

import { InventoryWorkerModule } from '@app/inventory';
import { INVENTORY_QUEUE } from '@app/queue';
import {
  isPolicyType,
  POLICY_TYPES,
  PolicyInventory,
  Tenants,
} from '@app/reference-data';
import { waitFor } from '@app/testing';

import {
  GraphSimulator,
  SeededPolicy,
  startGraphSimulator,
} from '../apps/graph-simulator/src';
import { SIMULATED_TO_POLICY_TYPE } from '../libs/graph/src/testing/simulator-graph';
import { startTestApp, TestApp } from './support/test-app';

interface PolicyRow {
  id: string;
  graphId: string;
  policyType: string;
  odataType: string | null;
  displayName: string;
}

describe('inventory sync over HTTP with a worker and the Graph simulator', () => {
  let simulator: GraphSimulator;
  let t: TestApp;
  const tenantId: string = randomUUID();
  const otherTenantId: string = randomUUID();
  const lockedOutTenantId: string = randomUUID();
  let operator: string;
  let auditor: string;
  let outsider: string;

  beforeAll(async () => {
    simulator = await startGraphSimulator({ seed: 41 });
    t = await startTestApp('inventory_sync', {
      imports: [InventoryWorkerModule],
      env: {
        GRAPH_BASE_URL: simulator.baseUrl,
        GRAPH_AUTHORITY_HOST: simulator.authorityHost,
      },
    });
    const simulated = simulator.tenants[0];
    const tenants = t.app.get(Tenants);
    await tenants.create({
      id: tenantId,
      displayName: 'Simulated',
      entraTenantId: simulated.tenantId,
      graphClientId: simulated.clientId,
      graphClientSecret: simulated.clientSecret,
    });
    await tenants.create({
      id: lockedOutTenantId,
      displayName: 'Wrong secret',
      entraTenantId: simulated.tenantId,
      graphClientId: simulated.clientId,
      graphClientSecret: 'not-the-simulator-secret',
    });
    operator = await t.token([
      [tenantId, 'operator'],
      [lockedOutTenantId, 'operator'],
    ]);
    auditor = await t.token([[tenantId, 'auditor']], 'auditor-1');
    outsider = await t.token([[otherTenantId, 'operator']], 'outsider');
  });

  afterAll(async () => {
    await t?.close();
    await simulator?.close();
  });

  const http = () => request(t.app.getHttpServer());
  const syncPath = (tenant = tenantId) =>
    `/v1/tenants/${tenant}/inventory/sync`;
  const requestSync = (token = operator, tenant = tenantId) =>
    http().post(syncPath(tenant)).auth(token, { type: 'bearer' });
  const get = (path: string, token = operator) =>
    http().get(path).auth(token, { type: 'bearer' });
  const queue = () => t.app.get<Queue>(getQueueToken(INVENTORY_QUEUE));

  async function finished(link: string) {
    return waitFor(`sync ${link} to finish`, async () => {
      const { body } = await get(link).expect(200);
      return ['queued', 'running'].includes(body.status) ? undefined : body;
    });
  }

  async function syncAndWait(tenant = tenantId) {
    const accepted = await requestSync(operator, tenant).expect(202);
    return finished(accepted.body.links.sync);
  }

  async function rows(tenant = tenantId): Promise<PolicyRow[]> {
    const all = await t.app
      .get(PolicyInventory)
      .search(tenant, { limit: 1000 });
    return all.items.map(
      ({ id, graphId, policyType, odataType, displayName }) => ({
        id,
        graphId,
        policyType,
        odataType,
        displayName,
      }),
    );
  }

  const expectedRows = (policies: readonly SeededPolicy[]) =>
    policies
      .map((p) => ({ p, type: SIMULATED_TO_POLICY_TYPE[p.type] }))
      .filter(({ type }) => isPolicyType(type))
      .map(({ p, type }) => ({
        graphId: p.id,
        policyType: type,
        odataType: p.odataType,
        displayName: p.displayName,
      }));

  const byKey = (a: { policyType: string; graphId: string }) =>
    `${a.policyType}/${a.graphId}`;
  const sorted = <T extends { policyType: string; graphId: string }>(
    list: T[],
  ) => [...list].sort((a, b) => byKey(a).localeCompare(byKey(b)));

  describe('a first sync', () => {
    it('answers 202 before the worker runs it and joins repeated requests', async () => {
      await queue().pause(true);
      try {
        const first = await requestSync().expect(202);
        const second = await requestSync().expect(202);

        expect(first.body).toMatchObject({ status: 'queued', reused: false });
        expect(second.body).toMatchObject({
          jobId: first.body.jobId,
          status: 'queued',
          reused: true,
        });
        expect(first.body.links.sync).toBe(`${syncPath()}/${first.body.jobId}`);
        expect(await rows()).toEqual([]);
        expect(simulator.requestCount(simulator.tenants[0].tenantId)).toBe(0);
      } finally {
        await queue().resume(true);
      }
    });

    it('fills the inventory with every seeded policy of every supported type', async () => {
      const { body: accepted } = await requestSync().expect(202);
      const done = await finished(accepted.links.sync);

      const expected = expectedRows(simulator.tenants[0].policies);
      expect(done.status).toBe('completed');
      expect(new Set(expected.map((r) => r.policyType)).size).toBe(16);
      const actual = (await rows()).map(
        ({ graphId, policyType, odataType, displayName }) => ({
          graphId,
          policyType,
          odataType,
          displayName,
        }),
      );
      expect(sorted(actual)).toEqual(sorted(expected));
    });

    it('reports per type what was seen', async () => {
      const done = await syncAndWait();

      expect(done.types).toHaveLength(POLICY_TYPES.length);
      for (const type of done.types) {
        // The simulator seeds no Windows app protection policies.
        const seen = type.policyType === 'appProtectionWindows' ? 0 : 3;
        expect(type).toMatchObject({ ok: true, seen, vanished: 0 });
      }
    });

    it('keeps inventory ids stable across syncs', async () => {
      const before = await rows();

      await syncAndWait();

      expect(sorted(await rows())).toEqual(sorted(before));
    });
  });

  describe('after a policy is deleted in Graph', () => {
    it('marks it vanished and leaves it out of the policy list', async () => {
      const simulated = simulator.tenants[0];
      const gone = simulated.policies.find(
        (p) => p.type === 'settingsCatalog',
      )!;
      const goneRow = (await rows()).find((r) => r.graphId === gone.id)!;
      simulator.deletePolicy(simulated.tenantId, gone.id);

      const done = await syncAndWait();

      expect(done.status).toBe('completed');
      expect(done.types).toContainEqual({
        policyType: 'settingsCatalog',
        ok: true,
        seen: 2,
        vanished: 1,
      });
      const [vanished] = await t.app
        .get(PolicyInventory)
        .findMany(tenantId, [goneRow.id]);
      expect(vanished.vanishedAt).toBeInstanceOf(Date);
      const { body } = await get(
        `/v1/tenants/${tenantId}/policies?type=settingsCatalog`,
      ).expect(200);
      expect(body.items.map((p: PolicyRow) => p.graphId)).not.toContain(
        gone.id,
      );
      expect(body.items).toHaveLength(2);
    });

    it('leaves a type alone when its listing fails', async () => {
      const simulated = simulator.tenants[0];
      const intent = simulated.policies.find((p) => p.type === 'intent')!;
      simulator.deletePolicy(simulated.tenantId, intent.id);
      simulator.setFaults(simulated.tenantId, {
        sequence: ['malformed', 'malformed'],
        sequencePathContains: 'deviceManagement/intents',
      });

      const done = await syncAndWait();
      simulator.setFaults(simulated.tenantId, {});

      expect(done.status).toBe('completed_with_errors');
      expect(done.types).toContainEqual(
        expect.objectContaining({
          policyType: 'endpointSecurityIntent',
          ok: false,
          code: 'invalid_response',
        }),
      );
      expect((await rows()).map((r) => r.graphId)).toContain(intent.id);
    });
  });

  describe('a tenant whose Graph secret is refused', () => {
    it('fails the sync with a forbidden code and no secret in it', async () => {
      const done = await syncAndWait(lockedOutTenantId);

      expect(done.status).toBe('failed');
      expect(done.types).toHaveLength(POLICY_TYPES.length);
      for (const type of done.types) {
        expect(type).toMatchObject({ ok: false, code: 'forbidden' });
      }
      expect(JSON.stringify(done)).not.toContain('not-the-simulator-secret');
      expect(await rows(lockedOutTenantId)).toEqual([]);
    });
  });

  describe('access', () => {
    it('refuses an auditor with 403', async () => {
      const response = await requestSync(auditor).expect(403);

      expect(response.body.code).toBe('forbidden');
    });

    it('answers 404 for a tenant that is not the caller’s', async () => {
      await requestSync(outsider, tenantId).expect(404);
      await requestSync(outsider, lockedOutTenantId).expect(404);
    });

    it('answers 400 for a malformed tenant id', async () => {
      await requestSync(operator, 'not-a-uuid').expect(400);
    });

    it('lets an auditor read a sync but finds it only under its tenant', async () => {
      const done = await syncAndWait();
      const link = `${syncPath()}/${done.jobId}`;

      await get(link, auditor).expect(200);
      await get(`${syncPath(lockedOutTenantId)}/${done.jobId}`).expect(404);
      await get(`${syncPath()}/${randomUUID()}`).expect(404);
      await get(`${syncPath()}/not-a-uuid`).expect(400);
    });
  });
});
