import { generateKeyPairSync, randomUUID } from 'node:crypto';

import { SignJWT } from 'jose';
import request from 'supertest';

import { DEV_TOKEN_ISSUER, TENANTS_CLAIM } from '@app/identity';

import { contractViolation } from './fault/harness/http-checks';
import { seedTenant, SeededTenant } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

const DEV_SECRET = 'development-only-jwt-secret-change-me-please';

type Method = 'get' | 'post';

describe('API security', () => {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  let runA: string;
  let runB: string;
  let tokens: Record<
    'operatorA' | 'operatorB' | 'auditorA' | 'supportA',
    string
  >;

  beforeAll(async () => {
    t = await startTestApp('security', { runProjections: true });
    a = await seedTenant(t.app, 4);
    b = await seedTenant(t.app, 4);
    tokens = {
      operatorA: await t.token([[a.tenantId, 'operator']], 'alice'),
      operatorB: await t.token([[b.tenantId, 'operator']], 'bob'),
      auditorA: await t.token([[a.tenantId, 'auditor']], 'audrey'),
      supportA: await t.token([[a.tenantId, 'support']], 'sam'),
    };
    runA = await startRun(a, tokens.operatorA);
    runB = await startRun(b, tokens.operatorB);
  });

  afterAll(() => t?.close());

  const http = () => request(t.app.getHttpServer());

  async function startRun(s: SeededTenant, token: string): Promise<string> {
    const { body } = await http()
      .post(
        `/v1/tenants/${s.tenantId}/backup-sets/${s.backupSetId}/add-policies`,
      )
      .auth(token, { type: 'bearer' })
      .send({ policyIds: s.policyIds })
      .expect(202);
    return body.runId;
  }

  /** A problem body naming at most the resource asked for, nothing more. */
  function expectNoData(response: request.Response) {
    expect(contractViolation(response)).toBeUndefined();
    const allowed = [
      'type',
      'title',
      'status',
      'detail',
      'instance',
      'code',
      'resource',
      'id',
    ];
    expect(
      Object.keys(response.body).filter((k) => !allowed.includes(k)),
    ).toEqual([]);
  }

  function call(method: Method, path: string, token?: string, body?: object) {
    let pending = http()[method](path);
    if (token) pending = pending.auth(token, { type: 'bearer' });
    return body ? pending.send(body) : pending;
  }

  /** Every tenant-scoped route, for a tenant and objects of one tenant. */
  function tenantRoutes(
    s: SeededTenant,
    runId: string,
  ): [Method, string, 'read' | 'command', object?][] {
    const tenant = `/v1/tenants/${s.tenantId}`;
    const set = `${tenant}/backup-sets/${s.backupSetId}`;
    return [
      ['get', `${tenant}/runs`, 'read'],
      ['get', `${tenant}/runs/${runId}`, 'read'],
      ['get', `${tenant}/runs/${runId}/items`, 'read'],
      ['get', `${tenant}/runs/${runId}/events`, 'read'],
      ['get', `${tenant}/runs/${runId}/live`, 'read'],
      ['get', `${tenant}/backup-sets`, 'read'],
      ['get', `${set}/items`, 'read'],
      ['get', `${set}/items/${randomUUID()}`, 'read'],
      ['get', `${tenant}/policies`, 'read'],
      ['get', `${tenant}/inventory/sync/${randomUUID()}`, 'read'],
      ['post', `${tenant}/backup-sets`, 'command', { name: randomUUID() }],
      [
        'post',
        `${set}/add-policies`,
        'command',
        { policyIds: s.policyIds.slice(0, 1) },
      ],
      ['post', `${tenant}/inventory/sync`, 'command'],
    ];
  }

  describe('authentication', () => {
    const sign = (
      claims: Record<string, unknown>,
      options: { secret?: string; exp?: number; alg?: string } = {},
    ) => {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({
        ...{ [TENANTS_CLAIM]: { [a.tenantId]: 'operator' } },
        sub: 'mallory',
        iss: DEV_TOKEN_ISSUER,
        iat: now,
        exp: options.exp ?? now + 600,
        ...claims,
      }).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' });
      return jwt.sign(new TextEncoder().encode(options.secret ?? DEV_SECRET));
    };
    const b64 = (value: object) =>
      Buffer.from(JSON.stringify(value)).toString('base64url');

    const badTokens: [string, () => Promise<string | undefined>][] = [
      ['no token', async () => undefined],
      ['a malformed header', async () => 'Token abc'],
      [
        'an expired token',
        async () => sign({}, { exp: Math.floor(Date.now() / 1000) - 3600 }),
      ],
      [
        'a wrong signature',
        async () => `Bearer ${await sign({}, { secret: 'x'.repeat(48) })}`,
      ],
      [
        'alg none',
        async () =>
          `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({
            sub: 'mallory',
            exp: Math.floor(Date.now() / 1000) + 600,
            [TENANTS_CLAIM]: { [a.tenantId]: 'operator' },
          })}.`,
      ],
      [
        'HS512 instead of HS256',
        async () => `Bearer ${await sign({}, { alg: 'HS512' })}`,
      ],
      [
        'an RS256 token from a foreign key',
        async () => {
          const { privateKey } = generateKeyPairSync('rsa', {
            modulusLength: 2048,
          });
          const token = await new SignJWT({
            sub: 'mallory',
            [TENANTS_CLAIM]: { [a.tenantId]: 'operator' },
          })
            .setProtectedHeader({ alg: 'RS256' })
            .setExpirationTime('10m')
            .sign(privateKey);
          return `Bearer ${token}`;
        },
      ],
      [
        'tampered claims',
        async () => {
          const [header, , signature] = (await sign({})).split('.');
          const payload = b64({
            sub: 'mallory',
            exp: Math.floor(Date.now() / 1000) + 600,
            [TENANTS_CLAIM]: { [b.tenantId]: 'operator' },
          });
          return `Bearer ${header}.${payload}.${signature}`;
        },
      ],
      ['no expiry', async () => `Bearer ${await sign({ exp: undefined })}`],
      ['no subject', async () => `Bearer ${await sign({ sub: undefined })}`],
      [
        'a malformed tenants claim',
        async () =>
          `Bearer ${await sign({ [TENANTS_CLAIM]: { 'not-a-uuid': 'root' } })}`,
      ],
      [
        'a token not valid yet',
        async () =>
          `Bearer ${await sign({ nbf: Math.floor(Date.now() / 1000) + 3600 })}`,
      ],
    ];

    it.each(badTokens)('answers 401 on every route for %s', async (_, make) => {
      const header = await make();
      const routes = [
        ...tenantRoutes(a, runA),
        ['get', '/v1/me/notifications', 'read'],
        ['post', `/v1/me/notifications/${randomUUID()}/read`, 'command'],
        ['get', '/v1/admin/projections', 'read'],
        ['post', '/v1/admin/projections/bulk-operation-runs/rebuild', 'read'],
      ] as [Method, string, string, object?][];

      for (const [method, path, , body] of routes) {
        let pending = http()[method](path);
        if (header) pending = pending.set('authorization', header);
        const response = await (body ? pending.send(body) : pending);

        expect({ path, status: response.status }).toEqual({
          path,
          status: 401,
        });
        expect(contractViolation(response)).toBeUndefined();
        expect(response.body.code).toBe('unauthenticated');
      }
    });
  });

  describe('a user of tenant A', () => {
    it("gets 404 and no data for every route of tenant B's path", async () => {
      for (const [method, path, , body] of tenantRoutes(b, runB)) {
        const response = await call(method, path, tokens.operatorA, body);

        expect({ path, status: response.status }).toEqual({
          path,
          status: 404,
        });
        expectNoData(response);
      }
    });

    it("gets 404 for tenant B's objects under tenant A's path", async () => {
      const tenant = `/v1/tenants/${a.tenantId}`;
      const paths = [
        `${tenant}/runs/${runB}`,
        `${tenant}/runs/${runB}/items`,
        `${tenant}/runs/${runB}/events`,
        `${tenant}/runs/${runB}/live`,
        `${tenant}/backup-sets/${b.backupSetId}/items`,
      ];
      for (const path of paths) {
        const response = await call('get', path, tokens.operatorA);

        expect({ path, status: response.status }).toEqual({
          path,
          status: 404,
        });
        expect(contractViolation(response)).toBeUndefined();
      }
    });

    it("starts no run over tenant B's backup set or policies", async () => {
      const before = await call(
        'get',
        `/v1/tenants/${a.tenantId}/runs`,
        tokens.operatorA,
      );
      const tenant = `/v1/tenants/${a.tenantId}`;

      const otherSet = await call(
        'post',
        `${tenant}/backup-sets/${b.backupSetId}/add-policies`,
        tokens.operatorA,
        { policyIds: a.policyIds.slice(0, 1) },
      );
      const otherPolicies = await call(
        'post',
        `${tenant}/backup-sets/${a.backupSetId}/add-policies`,
        tokens.operatorA,
        { policyIds: b.policyIds },
      );

      expect(otherSet.status).toBe(404);
      expect([404, 422]).toContain(otherPolicies.status);
      expect(contractViolation(otherPolicies)).toBeUndefined();
      expect(otherPolicies.text).not.toMatch(/Policy \d/);
      const after = await call('get', `${tenant}/runs`, tokens.operatorA);
      expect(after.body.items.length).toBe(before.body.items.length);
    });

    it("never lists tenant B's runs, sets or policies", async () => {
      const tenant = `/v1/tenants/${a.tenantId}`;
      for (const path of [
        `${tenant}/runs?limit=200`,
        `${tenant}/backup-sets?limit=200`,
        `${tenant}/policies?limit=200`,
      ]) {
        const response = await call('get', path, tokens.operatorA).expect(200);

        expect(response.text).not.toContain(b.tenantId);
        expect(response.text).not.toContain(runB);
        expect(response.text).not.toContain(b.backupSetId);
        for (const id of b.policyIds) expect(response.text).not.toContain(id);
      }
    });

    it("cannot mark another user's notification read", async () => {
      const response = await call(
        'post',
        `/v1/me/notifications/${runB}/read`,
        tokens.operatorA,
      );

      expect(response.status).toBe(404);
    });
  });

  describe('roles', () => {
    it('lets an auditor read but not command', async () => {
      for (const [method, path, action, body] of tenantRoutes(a, runA)) {
        if (path.endsWith('/live')) continue;
        const response = await call(method, path, tokens.auditorA, body);

        const expected = action === 'command' ? 403 : [200, 404];
        if (action === 'command') {
          expect({ path, status: response.status }).toEqual({
            path,
            status: expected,
          });
        } else {
          expect(expected).toContain(response.status);
        }
      }
    });

    it('keeps operators and auditors out of the admin routes', async () => {
      for (const token of [tokens.operatorA, tokens.auditorA]) {
        await call('get', '/v1/admin/projections', token).expect(403);
        await call(
          'post',
          '/v1/admin/projections/bulk-operation-runs/rebuild',
          token,
        ).expect(403);
      }
    });

    it('gives support staff the admin routes but no tenant data', async () => {
      await call('get', '/v1/admin/projections', tokens.supportA).expect(200);
      for (const [method, path, , body] of tenantRoutes(a, runA)) {
        const response = await call(method, path, tokens.supportA, body);

        expect({ path, status: response.status }).toEqual({
          path,
          status: 403,
        });
        expectNoData(response);
      }
    });
  });

  describe('resource limits and headers', () => {
    it('refuses page sizes over 200', async () => {
      for (const path of ['runs', 'backup-sets', 'policies']) {
        const response = await call(
          'get',
          `/v1/tenants/${a.tenantId}/${path}?limit=201`,
          tokens.operatorA,
        );

        expect(response.status).toBe(400);
        expect(contractViolation(response)).toBeUndefined();
      }
    });

    it('refuses a body over the size limit with 413', async () => {
      const response = await call(
        'post',
        `/v1/tenants/${a.tenantId}/backup-sets`,
        tokens.operatorA,
        { name: 'big', description: 'x'.repeat(2_000_000) },
      );

      expect(response.status).toBe(413);
      expect(contractViolation(response)).toBeUndefined();
    });

    it('sends the security headers', async () => {
      const response = await call(
        'get',
        `/v1/tenants/${a.tenantId}/runs`,
        tokens.operatorA,
      );

      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy':
          expect.stringContaining("default-src 'self'"),
      });
      expect(response.headers['x-powered-by']).toBeUndefined();
    });
  });
});
