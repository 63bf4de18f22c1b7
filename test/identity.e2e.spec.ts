import { randomUUID } from 'node:crypto';

import { Controller, Get, INestApplication, Param } from '@nestjs/common';
import { SignJWT } from 'jose';
import request from 'supertest';

import { AppConfig } from '@app/config';
import type { AuthenticatedUser } from '@app/identity';
import {
  CurrentUser,
  Public,
  Role,
  SupportAccess,
  TokenIssuer,
} from '@app/identity';
import { Tenants } from '@app/reference-data';
import { CliOutput } from '../apps/cli/src/cli-output';
import { TokenCommand } from '../apps/cli/src/token/token.command';
import { startTestApp, TestApp } from './support/test-app';

/** Routes that exist only in this test, to pin the guard's rules. */
@Controller('test-only')
class ProbeController {
  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }

  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return { id: user.id, tenants: Object.fromEntries(user.tenants) };
  }

  @Get('admin')
  @SupportAccess()
  admin() {
    return { ok: true };
  }

  /** A tenant route someone forgot to give an access rule. */
  @Get('tenants/:tenantId/forgotten')
  forgotten(@Param('tenantId') tenantId: string) {
    return { tenantId };
  }
}

describe('authentication and tenant access over HTTP', () => {
  let testApp: TestApp;
  let app: INestApplication;
  const mine = randomUUID();
  const theirs = randomUUID();

  const token = (tenants: [string, Role][], userId = 'user-1') =>
    app.get(TokenIssuer).issue({ userId, tenants });

  const routes = (tenant: string) =>
    [
      ['GET', `/v1/tenants/${tenant}/policies`],
      ['GET', `/v1/tenants/${tenant}/backup-sets`],
      ['POST', `/v1/tenants/${tenant}/backup-sets`],
    ] as const;

  function call(method: 'GET' | 'POST', path: string, bearer?: string) {
    const agent = request(app.getHttpServer());
    const req =
      method === 'GET' ? agent.get(path) : agent.post(path).send({ name: 'n' });
    return bearer ? req.auth(bearer, { type: 'bearer' }) : req;
  }

  beforeAll(async () => {
    testApp = await startTestApp('identity', {
      controllers: [ProbeController],
    });
    app = testApp.app;
    for (const id of [mine, theirs]) {
      await app.get(Tenants).create({
        id,
        displayName: 'Tenant',
        entraTenantId: randomUUID(),
        graphClientId: 'client',
        graphClientSecret: 'secret',
      });
    }
  });

  afterAll(async () => {
    await testApp?.close();
  });

  describe('a request without a valid token', () => {
    const secret = () => app.get(AppConfig).authJwtSecret as string;
    const sign = (claims: object, key = secret()) =>
      new SignJWT({ tenants: { [mine]: 'operator' }, ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .sign(new TextEncoder().encode(key));
    const now = () => Math.floor(Date.now() / 1000);

    it.each([
      ['no Authorization header', () => undefined],
      ['a header that is not Bearer', () => 'Basic dXNlcjpwYXNz'],
      ['garbage', () => 'Bearer not-a-token'],
      [
        'a wrong signature',
        () =>
          sign({ sub: 'u', exp: now() + 60 }, 'x'.repeat(40)).then(
            (t) => `Bearer ${t}`,
          ),
      ],
      [
        'an expired token',
        () => sign({ sub: 'u', exp: now() - 60 }).then((t) => `Bearer ${t}`),
      ],
      [
        'a token not valid yet',
        () =>
          sign({ sub: 'u', exp: now() + 600, nbf: now() + 300 }).then(
            (t) => `Bearer ${t}`,
          ),
      ],
      [
        'a token without sub',
        () => sign({ exp: now() + 60 }).then((t) => `Bearer ${t}`),
      ],
    ])('answers 401 problem details for %s', async (_case, header) => {
      for (const [method, path] of routes(mine)) {
        const req = call(method, path);
        const value = await header();
        if (value) req.set('authorization', value);

        const res = await req.expect(401);

        expect(res.headers['content-type']).toMatch(
          /application\/problem\+json/,
        );
        expect(res.body).toMatchObject({
          status: 401,
          code: 'unauthenticated',
        });
      }
    });

    it('reaches public routes', async () => {
      await request(app.getHttpServer()).get('/test-only/open').expect(200);
    });
  });

  describe('a caller of another tenant', () => {
    it.each(['operator', 'auditor', 'support'] as const)(
      'gets 404 as %s on every route, the same as for a missing tenant',
      async (role) => {
        const bearer = await token([[mine, role]]);
        for (const [method, path] of [
          ...routes(theirs),
          ...routes(randomUUID()),
        ]) {
          const res = await call(method, path, bearer).expect(404);

          expect(res.body).toMatchObject({
            code: 'not_found',
            resource: 'tenant',
          });
        }
      },
    );

    it('gets 400 for a tenant id that is not a UUID', async () => {
      const bearer = await token([[mine, 'operator']]);
      for (const [method, path] of routes('not-a-uuid')) {
        const res = await call(method, path, bearer).expect(400);

        expect(res.body.problems).toEqual([
          { field: 'tenantId', message: 'tenantId must be a UUID' },
        ]);
      }
    });
  });

  describe('roles within the caller’s tenant', () => {
    it('lets an operator read and command', async () => {
      const bearer = await token([[mine, 'operator']]);

      await call('GET', `/v1/tenants/${mine}/policies`, bearer).expect(200);
      await call('GET', `/v1/tenants/${mine}/backup-sets`, bearer).expect(200);
      await request(app.getHttpServer())
        .post(`/v1/tenants/${mine}/backup-sets`)
        .auth(bearer, { type: 'bearer' })
        .send({ name: 'By operator' })
        .expect(201);
    });

    it('lets an auditor read but not create a backup set', async () => {
      const bearer = await token([[mine, 'auditor']]);

      await call('GET', `/v1/tenants/${mine}/policies`, bearer).expect(200);
      await call('GET', `/v1/tenants/${mine}/backup-sets`, bearer).expect(200);
      const res = await request(app.getHttpServer())
        .post(`/v1/tenants/${mine}/backup-sets`)
        .auth(bearer, { type: 'bearer' })
        .send({ name: 'By auditor' })
        .expect(403);
      expect(res.body.code).toBe('forbidden');
    });

    it('gives support no access to tenant data', async () => {
      const bearer = await token([[mine, 'support']]);

      for (const [method, path] of routes(mine)) {
        await call(method, path, bearer).expect(403);
      }
    });

    it('uses the role of the tenant in the path', async () => {
      const bearer = await token([
        [mine, 'auditor'],
        [theirs, 'operator'],
      ]);

      await call('POST', `/v1/tenants/${mine}/backup-sets`, bearer).expect(403);
      await call('POST', `/v1/tenants/${theirs}/backup-sets`, bearer).expect(
        201,
      );
    });
  });

  describe('admin routes', () => {
    it('admit support in any tenant and no one else', async () => {
      const support = await token([[theirs, 'support']]);
      const operator = await token([[mine, 'operator']]);

      await call('GET', '/test-only/admin', support).expect(200);
      await call('GET', '/test-only/admin', operator).expect(403);
    });
  });

  describe('a tenant route without an access rule', () => {
    it('is refused even for an operator of that tenant', async () => {
      const bearer = await token([[mine, 'operator']]);

      const res = await call(
        'GET',
        `/test-only/tenants/${mine}/forgotten`,
        bearer,
      ).expect(403);
      expect(res.body.code).toBe('forbidden');
    });
  });

  describe('the CLI token command', () => {
    it('prints only a token that the API accepts', async () => {
      const lines: string[] = [];
      const output = { line: (text: string) => lines.push(text) };
      const command = new TokenCommand(
        app.get(TokenIssuer),
        output as CliOutput,
      );

      await command.run([], {
        user: 'cli-user',
        tenant: [mine, theirs],
        role: ['operator', 'auditor'],
      });

      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const me = await call('GET', '/test-only/me', lines[0]).expect(200);
      expect(me.body).toEqual({
        id: 'cli-user',
        tenants: { [mine]: 'operator', [theirs]: 'auditor' },
      });
      await call('GET', `/v1/tenants/${theirs}/policies`, lines[0]).expect(200);
    });
  });
});
