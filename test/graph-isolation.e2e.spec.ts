import request from 'supertest';

import { GraphClientFactory, PolicyCaptureService } from '@app/graph';
import { InventoryWorkerModule } from '@app/inventory';

import { seedTenant, SeededTenant } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

/** Stands in for the Graph client and remembers every use. */
class RecordingGraphClientFactory {
  readonly calls: string[] = [];

  forTenant(tenantId: string): never {
    this.calls.push(tenantId);
    throw new Error('the Graph client must not be used here');
  }
}

describe('the add-policies command in a process that can reach Graph', () => {
  const graph = new RecordingGraphClientFactory();
  let t: TestApp;
  let tenant: SeededTenant;
  let operator: string;

  beforeAll(async () => {
    // The worker-side module brings the Graph wiring in, as in the
    // all-in-one local process: the strongest case for the claim.
    t = await startTestApp('graph_isolation', {
      runProjections: true,
      imports: [InventoryWorkerModule],
      overrides: [{ provide: GraphClientFactory, useValue: graph }],
    });
    tenant = await seedTenant(t.app, 10);
    operator = await t.token([[tenant.tenantId, 'operator']]);
  });

  afterAll(() => t?.close());

  const http = () => request(t.app.getHttpServer());

  it('accepts a selection and projects the run without calling Graph', async () => {
    const accepted = await http()
      .post(
        `/v1/tenants/${tenant.tenantId}/backup-sets/${tenant.backupSetId}/add-policies`,
      )
      .auth(operator, { type: 'bearer' })
      .send({
        policyIds: tenant.policyIds,
        includeAssignments: true,
        includeScopeTags: true,
        includeFoundations: true,
      })
      .expect(202);
    expect(graph.calls).toEqual([]);

    const run = await http()
      .get(accepted.body.links.run)
      .auth(operator, { type: 'bearer' })
      .expect(200);

    expect(run.body.total).toBe(tenant.policyIds.length);
    expect(graph.calls).toEqual([]);
  });

  // Runs last: it uses the double on purpose, proving it is the client
  // every Graph reader of the process gets.
  it('would notice a Graph read through the wired client', async () => {
    const capture = t.app
      .get(PolicyCaptureService)
      .capturePolicy(tenant.tenantId, {
        policyType: 'settingsCatalog',
        graphId: 'any',
      });

    await expect(capture).rejects.toThrow('must not be used');
    expect(t.app.get(GraphClientFactory)).toBe(graph);
    expect(graph.calls).toEqual([tenant.tenantId]);
  });
});
