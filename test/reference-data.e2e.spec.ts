import { randomUUID } from 'node:crypto';

import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { Role, TokenIssuer } from '@app/identity';
import {
  BackupSets,
  POLICY_TYPES,
  PolicyInventory,
  Tenants,
} from '@app/reference-data';

import { startTestApp, TestApp } from './support/test-app';

const GRAPH_SECRET = 'graph-client-secret-that-must-never-leak';

describe('reference data over HTTP', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const tenantId = randomUUID();
  const emptyTenantId = randomUUID();
  const bodies: string[] = [];
  let operator: string;
  let auditor: string;

  const token = (tenants: [string, Role][], userId = 'user-1') =>
    app.get(TokenIssuer).issue({ userId, tenants });

  /** A request whose response body is kept for the secret-leak check. */
  function http() {
    const agent = request(app.getHttpServer());
    const keep = <T extends request.Test>(test: T) =>
      test.expect((res) => {
        bodies.push(res.text ?? '');
      });
    return {
      get: (path: string, bearer = operator) =>
        keep(agent.get(path).auth(bearer, { type: 'bearer' })),
      post: (path: string, body: object, bearer = operator) =>
        keep(agent.post(path).auth(bearer, { type: 'bearer' }).send(body)),
    };
  }

  beforeAll(async () => {
    testApp = await startTestApp('reference_data');
    app = testApp.app;

    for (const id of [tenantId, emptyTenantId]) {
      await app.get(Tenants).create({
        id,
        displayName: 'Contoso',
        entraTenantId: randomUUID(),
        graphClientId: randomUUID(),
        graphClientSecret: GRAPH_SECRET,
      });
    }
    operator = await token([
      [tenantId, 'operator'],
      [emptyTenantId, 'operator'],
    ]);
    auditor = await token([[tenantId, 'auditor']], 'auditor-1');
  });

  afterAll(async () => {
    await testApp?.close();
  });

  describe('GET policies', () => {
    const path = () => `/v1/tenants/${tenantId}/policies`;
    let vpnIds: string[];

    beforeAll(async () => {
      const inventory = app.get(PolicyInventory);
      const seen = await inventory.recordSeen(tenantId, [
        {
          graphId: 'g1',
          policyType: 'settingsCatalog',
          displayName: 'VPN Corp',
        },
        {
          graphId: 'g2',
          policyType: 'compliancePolicy',
          displayName: 'vpn strict',
        },
        {
          graphId: 'g3',
          policyType: 'settingsCatalog',
          displayName: 'BitLocker',
        },
        {
          graphId: 'g4',
          policyType: 'settingsCatalog',
          displayName: '100% on',
        },
        {
          graphId: 'g5',
          policyType: 'deviceHealthScript',
          displayName: 'Disk_check',
        },
        {
          graphId: 'g6',
          policyType: 'settingsCatalog',
          displayName: 'Diskless',
        },
        { graphId: 'g7', policyType: 'settingsCatalog', displayName: 'Gone' },
      ]);
      vpnIds = seen.slice(0, 2).map((p) => p.id);
      const other = randomUUID();
      await app.get(Tenants).create({
        id: other,
        displayName: 'Fabrikam',
        entraTenantId: randomUUID(),
        graphClientId: 'x',
        graphClientSecret: 'y',
      });
      await inventory.recordSeen(other, [
        {
          graphId: 'g1',
          policyType: 'settingsCatalog',
          displayName: 'VPN Other',
        },
      ]);
      await inventory.markVanished(
        tenantId,
        'settingsCatalog',
        new Date(Date.now() + 1000),
      );
      await inventory.recordSeen(tenantId, [
        {
          graphId: 'g1',
          policyType: 'settingsCatalog',
          displayName: 'VPN Corp',
        },
        {
          graphId: 'g3',
          policyType: 'settingsCatalog',
          displayName: 'BitLocker',
        },
        {
          graphId: 'g4',
          policyType: 'settingsCatalog',
          displayName: '100% on',
        },
        {
          graphId: 'g6',
          policyType: 'settingsCatalog',
          displayName: 'Diskless',
        },
      ]);
    });

    it('lists present policies of the tenant by display name', async () => {
      const res = await http().get(path()).expect(200);

      expect(
        res.body.items.map((p: { displayName: string }) => p.displayName),
      ).toEqual([
        '100% on',
        'BitLocker',
        'Disk_check',
        'Diskless',
        'VPN Corp',
        'vpn strict',
      ]);
      expect(res.body.items).toHaveLength(6);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items[0]).toEqual({
        id: expect.any(String),
        graphId: expect.any(String),
        policyType: expect.any(String),
        odataType: null,
        displayName: expect.any(String),
        lastSeenAt: expect.any(String),
      });
    });

    it('searches display names case-insensitively', async () => {
      const res = await http().get(`${path()}?search=VPN`).expect(200);

      expect(res.body.items.map((p: { id: string }) => p.id).sort()).toEqual(
        [...vpnIds].sort(),
      );
    });

    it('treats LIKE wildcards in the search literally', async () => {
      const percent = await http().get(`${path()}?search=%25`).expect(200);
      const underscore = await http().get(`${path()}?search=k_c`).expect(200);

      expect(
        percent.body.items.map((p: { displayName: string }) => p.displayName),
      ).toEqual(['100% on']);
      expect(
        underscore.body.items.map(
          (p: { displayName: string }) => p.displayName,
        ),
      ).toEqual(['Disk_check']);
    });

    it('filters by policy type', async () => {
      const res = await http()
        .get(`${path()}?type=compliancePolicy`)
        .expect(200);

      expect(res.body.items).toEqual([
        expect.objectContaining({
          displayName: 'vpn strict',
          policyType: 'compliancePolicy',
        }),
      ]);
    });

    it('pages through every policy once in a stable order', async () => {
      const all = (await http().get(path()).expect(200)).body.items.map(
        (p: { id: string }) => p.id,
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const res = await http().get(`${path()}?limit=4${query}`).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(4);
        seen.push(...res.body.items.map((p: { id: string }) => p.id));
        cursor = res.body.nextCursor;
      } while (cursor);

      expect(seen).toEqual(all);
    });

    it('leaves out vanished policies and other tenants', async () => {
      const res = await http().get(`${path()}?search=o`).expect(200);
      const names = res.body.items.map(
        (p: { displayName: string }) => p.displayName,
      );

      expect(names).not.toContain('Gone');
      expect(names).not.toContain('VPN Other');
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=ten', 'limit'],
      ['type=notAType', 'type'],
      ['cursor=not-a-cursor', 'cursor'],
      [`cursor=${Buffer.from('["a","b"]').toString('base64url')}`, 'cursor'],
      ['sort=name', 'sort'],
    ])('rejects %s as a problem naming %s', async (query, field) => {
      const res = await http().get(`${path()}?${query}`).expect(400);

      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    });

    it('accepts every supported policy type as a filter', async () => {
      for (const type of POLICY_TYPES) {
        await http().get(`${path()}?type=${type}&limit=1`).expect(200);
      }
    });
  });

  describe('backup sets', () => {
    const path = (tenant = emptyTenantId) =>
      `/v1/tenants/${tenant}/backup-sets`;

    it('creates a set and answers 201 with it', async () => {
      const res = await http()
        .post(path(), { name: '  Baseline  ', description: 'Weekly' })
        .expect(201);

      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        tenantId: emptyTenantId,
        name: 'Baseline',
        description: 'Weekly',
        createdBy: 'user-1',
        createdAt: expect.any(String),
      });
      const found = await app
        .get(BackupSets)
        .findActive(emptyTenantId, res.body.id);
      expect(found?.name).toBe('Baseline');
    });

    it('refuses a duplicate name, ignoring case, with a 422 problem', async () => {
      await http().post(path(), { name: 'Duplicate me' }).expect(201);

      const res = await http()
        .post(path(), { name: 'DUPLICATE ME' })
        .expect(422);

      expect(res.body).toMatchObject({
        code: 'unprocessable',
        status: 422,
        problems: [{ field: 'name', message: expect.any(String) }],
      });
    });

    it.each([
      ['an unknown field', { name: 'x', owner: 'me' }, 'owner'],
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a missing name', {}, 'name'],
      ['a name that is not text', { name: 42 }, 'name'],
      ['a name over 200 characters', { name: 'n'.repeat(201) }, 'name'],
      ['a control character', { name: 'a\u0007b' }, 'name'],
      [
        'a description over 2000',
        { name: 'd', description: 'd'.repeat(2001) },
        'description',
      ],
    ])('rejects %s and writes nothing', async (_case, body, field) => {
      const before = await app
        .get(DataSource)
        .query(
          'SELECT count(*)::int AS n FROM backup_sets WHERE tenant_id = $1',
          [emptyTenantId],
        );

      const res = await http().post(path(), body).expect(400);

      expect(res.body.code).toBe('validation_failed');
      expect(res.body.problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
      const after = await app
        .get(DataSource)
        .query(
          'SELECT count(*)::int AS n FROM backup_sets WHERE tenant_id = $1',
          [emptyTenantId],
        );
      expect(after).toEqual(before);
    });

    it('rejects a body that is not JSON as a problem', async () => {
      const res = await request(app.getHttpServer())
        .post(path())
        .auth(operator, { type: 'bearer' })
        .set('content-type', 'application/json')
        .send('{"name":')
        .expect(400);

      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });

    it('lists live sets by name and hides deleted ones', async () => {
      const tenant = tenantId;
      const names = ['Charlie', 'alpha', 'Bravo', 'Deleted'];
      const ids: Record<string, string> = {};
      for (const name of names) {
        ids[name] = (
          await http().post(path(tenant), { name }).expect(201)
        ).body.id;
      }
      await app.get(BackupSets).softDelete(tenant, ids.Deleted);

      const res = await http().get(path(tenant), auditor).expect(200);

      const listed = res.body.items.map((s: { name: string }) => s.name);
      expect(listed).toEqual(
        expect.arrayContaining(['alpha', 'Bravo', 'Charlie']),
      );
      expect(listed).not.toContain('Deleted');
      expect(
        await app.get(BackupSets).findActive(tenant, ids.Deleted),
      ).toBeUndefined();
    });

    it('lets a deleted set name be used again', async () => {
      const first = await http().post(path(), { name: 'Reborn' }).expect(201);
      await app.get(BackupSets).softDelete(emptyTenantId, first.body.id);

      await http().post(path(), { name: 'Reborn' }).expect(201);
    });

    it('pages through sets', async () => {
      for (let i = 0; i < 5; i++) {
        await http()
          .post(path(), { name: `Paged ${i}` })
          .expect(201);
      }
      const all = (await http().get(path()).expect(200)).body.items;
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const res = await http().get(`${path()}?limit=2${query}`).expect(200);
        seen.push(...res.body.items.map((s: { id: string }) => s.id));
        cursor = res.body.nextCursor;
      } while (cursor);

      expect(seen).toEqual(all.map((s: { id: string }) => s.id));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('finds a set only within its own tenant', async () => {
      const res = await http().post(path(), { name: 'Mine' }).expect(201);

      expect(
        await app.get(BackupSets).findActive(tenantId, res.body.id),
      ).toBeUndefined();
      expect(
        await app.get(BackupSets).findActive(emptyTenantId, 'nope'),
      ).toBeUndefined();
    });
  });

  describe('a tenant in the token that does not exist', () => {
    it('answers 404 on every route', async () => {
      const ghost = randomUUID();
      const bearer = await token([[ghost, 'operator']]);

      await http().get(`/v1/tenants/${ghost}/policies`, bearer).expect(404);
      await http().get(`/v1/tenants/${ghost}/backup-sets`, bearer).expect(404);
      await http()
        .post(`/v1/tenants/${ghost}/backup-sets`, { name: 'x' }, bearer)
        .expect(404);
    });
  });

  describe('the OpenAPI document', () => {
    it('describes the routes, their bearer auth and the list filters', async () => {
      const res = await request(app.getHttpServer())
        .get('/docs-json')
        .expect(200);
      bodies.push(res.text);
      const paths = res.body.paths;

      const policies = paths['/v1/tenants/{tenantId}/policies'].get;
      expect(policies.security).toEqual([{ bearer: [] }]);
      expect(policies.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining([
          'tenantId',
          'search',
          'type',
          'cursor',
          'limit',
        ]),
      );
      expect(
        paths['/v1/tenants/{tenantId}/backup-sets'].post.responses,
      ).toHaveProperty('201');
      expect(res.text).not.toMatch(/clientSecret|client_secret/i);
    });
  });

  describe('the Graph client secret', () => {
    it('is stored encrypted and readable only through graphCredentials', async () => {
      const [row] = await app
        .get(DataSource)
        .query(
          'SELECT graph_client_secret_encrypted AS s FROM tenants WHERE id = $1',
          [tenantId],
        );

      expect(row.s).not.toContain(GRAPH_SECRET);
      expect(row.s).toMatch(/^enc1\./);
      expect(
        (await app.get(Tenants).graphCredentials(tenantId)).clientSecret,
      ).toBe(GRAPH_SECRET);
      expect(
        JSON.stringify(await app.get(Tenants).findById(tenantId)),
      ).not.toContain(row.s);
    });

    // Runs last: every body the suite received is checked.
    it('never appears in any response', () => {
      expect(bodies.length).toBeGreaterThan(20);
      for (const body of bodies) {
        expect(body).not.toContain(GRAPH_SECRET);
        expect(body).not.toContain('enc1.');
      }
    });
  });
});
