import request from 'supertest';

import { waitFor } from '@app/testing';

import { seedTenant } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

describe('projection lag with no runner', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('projections_lag', {
      runProjections: false,
      env: { PROJECTION_MAX_LAG_SECONDS: '1' },
    });
  });

  afterAll(() => t?.close());

  it('shows the unapplied events and turns readiness down beyond the bound', async () => {
    const http = () => request(t.app.getHttpServer());
    await http().get('/health/ready').expect(200);
    const tenant = await seedTenant(t.app, 3);
    const operator = await t.token([[tenant.tenantId, 'operator']]);
    const support = await t.token([[tenant.tenantId, 'support']]);
    await http()
      .post(
        `/v1/tenants/${tenant.tenantId}/backup-sets/${tenant.backupSetId}/add-policies`,
      )
      .auth(operator, { type: 'bearer' })
      .send({ policyIds: tenant.policyIds })
      .expect(202);

    // The event is visible to readers once older transactions on the
    // server (other test files') have ended.
    const items = await waitFor('the event to count as lag', async () => {
      const { body } = await http()
        .get('/v1/admin/projections')
        .auth(support, { type: 'bearer' })
        .expect(200);
      const runs = body.items.find(
        (p: { name: string }) => p.name === 'bulk-operation-runs',
      );
      return runs?.lagEvents === 1 && body.items;
    });
    expect(items).toContainEqual(
      expect.objectContaining({
        name: 'bulk-operation-runs',
        lagEvents: 1,
        running: false,
        state: 'catching_up',
      }),
    );

    const ready = await waitFor(
      'readiness to turn down',
      async () => {
        const response = await http().get('/health/ready');
        return response.status === 503 && response.body;
      },
      { timeoutMs: 5_000, intervalMs: 200 },
    );
    expect(JSON.stringify(ready)).toContain('bulk-operation-runs');
  });
});
