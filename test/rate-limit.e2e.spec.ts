import request from 'supertest';

import { RedisThrottlerStorage } from '@app/rate-limit';

import { seedTenant, SeededTenant } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

describe('command rate limits', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let other: SeededTenant;

  beforeAll(async () => {
    t = await startTestApp('rate_limit', {
      env: { COMMAND_RATE_PER_USER: '3', COMMAND_RATE_PER_TENANT: '5' },
    });
    tenant = await seedTenant(t.app, 10);
    other = await seedTenant(t.app, 2);
  });

  afterAll(() => t?.close());

  async function add(s: SeededTenant, userId: string, policyId: string) {
    const token = await t.token([[s.tenantId, 'operator']], userId);
    return request(t.app.getHttpServer())
      .post(
        `/v1/tenants/${s.tenantId}/backup-sets/${s.backupSetId}/add-policies`,
      )
      .auth(token, { type: 'bearer' })
      .send({ policyIds: [policyId] });
  }
  const status = async (response: Promise<request.Response>) =>
    (await response).status;

  it('limits each user, then each tenant, with 429 problem details', async () => {
    const first = await add(tenant, 'alice', tenant.policyIds[0]);
    expect(first.status).toBe(202);
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit-user': '3',
      'x-ratelimit-remaining-user': '2',
      'x-ratelimit-limit-tenant': '5',
      'x-ratelimit-remaining-tenant': '4',
    });
    for (const i of [1, 2]) {
      expect(await status(add(tenant, 'alice', tenant.policyIds[i]))).toBe(202);
    }

    const limited = await add(tenant, 'alice', tenant.policyIds[3]);

    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after-user'])).toBeGreaterThan(0);
    expect(await status(add(tenant, 'bob', tenant.policyIds[4]))).toBe(202);
    expect(await status(add(tenant, 'bob', tenant.policyIds[5]))).toBe(202);
    expect(await status(add(tenant, 'bob', tenant.policyIds[6]))).toBe(429);
    // Another tenant has its own budget.
    expect(await status(add(other, 'carol', other.policyIds[0]))).toBe(202);
  });

  it('charges both budgets of a command in one storage call', async () => {
    const storage = t.app.get(RedisThrottlerStorage);
    const together = jest.spyOn(storage, 'incrementAll');
    const oneByOne = jest.spyOn(storage, 'increment');
    const third = await seedTenant(t.app, 1);

    expect(await status(add(third, 'dora', third.policyIds[0]))).toBe(202);

    expect(together).toHaveBeenCalledTimes(1);
    expect(together.mock.calls[0][0].map((b) => b.name)).toEqual([
      'user',
      'tenant',
    ]);
    expect(oneByOne).not.toHaveBeenCalled();
    together.mockRestore();
    oneByOne.mockRestore();
  });

  it('never counts queries', async () => {
    for (let i = 0; i < 10; i++) {
      await request(t.app.getHttpServer())
        .get(`/v1/tenants/${other.tenantId}/runs`)
        .auth(await t.token([[other.tenantId, 'operator']], 'carol'), {
          type: 'bearer',
        })
        .expect(200);
    }
  });
});
