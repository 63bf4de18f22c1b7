import request from 'supertest';

import {
  bulkOperationStreamName,
  CapturePolicyProcessor,
  decideAddPolicies,
  eventIdOf,
  loadStreamState,
} from '@app/bulk-operations';
import { EventStore, RecordedEvent } from '@app/event-store';
import { BackupSets } from '@app/reference-data';
import { waitFor } from '@app/testing';

import {
  GraphSimulator,
  startGraphSimulator,
} from '../apps/graph-simulator/src';
import { WORKER_FEATURES } from '../apps/worker/src/worker.module';
import { seedSimulatedTenant, SimulatedSeed } from './support/simulated-tenant';
import { startTestApp, TestApp } from './support/test-app';

const WORKER_ENV = {
  WORKER_CONCURRENCY: '8',
  CAPTURE_BACKOFF_MS: '50',
  CAPTURE_ATTEMPTS: '6',
  RECONCILE_INTERVAL_MS: '0',
};

describe('a run end to end, with workers and the Graph simulator', () => {
  let simulator: GraphSimulator;
  let t: TestApp;

  beforeAll(async () => {
    simulator = await startGraphSimulator({
      seed: 7,
      tenants: [
        { policiesPerType: 4 },
        { policiesPerType: 1 },
        { policiesPerType: 1 },
        { policiesPerType: 2 },
      ],
    });
    t = await startTestApp('run_e2e', {
      runProjections: true,
      imports: WORKER_FEATURES,
      env: {
        ...WORKER_ENV,
        GRAPH_BASE_URL: simulator.baseUrl,
        GRAPH_AUTHORITY_HOST: simulator.authorityHost,
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await simulator?.close();
  });

  async function startRun(seed: SimulatedSeed, policyIds: string[]) {
    const token = await t.token([[seed.tenantId, 'operator']], 'alice');
    const response = await request(t.app.getHttpServer())
      .post(
        `/v1/tenants/${seed.tenantId}/backup-sets/${seed.backupSetId}/add-policies`,
      )
      .auth(token, { type: 'bearer' })
      .send({ policyIds, includeAssignments: true, includeScopeTags: true })
      .expect(202);
    return { runId: response.body.runId as string, token };
  }

  async function finishedRun(
    seed: SimulatedSeed,
    runId: string,
    token: string,
  ) {
    return waitFor(
      `run ${runId} to finish`,
      async () => {
        const { body } = await request(t.app.getHttpServer())
          .get(`/v1/tenants/${seed.tenantId}/runs/${runId}`)
          .auth(token, { type: 'bearer' });
        return ['completed', 'completed_with_errors', 'failed'].includes(
          body.status,
        )
          ? body
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  }

  async function streamEvents(runStream: string): Promise<RecordedEvent[]> {
    return t.app.get(EventStore).readStream(runStream);
  }

  function outcomesPerItem(events: RecordedEvent[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const event of events) {
      if (
        event.type === 'PolicyCaptured' ||
        event.type === 'PolicyCaptureFailed'
      ) {
        const { policyId } = event.data as { policyId: string };
        counts.set(policyId, (counts.get(policyId) ?? 0) + 1);
      }
    }
    return counts;
  }

  it('captures policies of every type into the backup set and notifies the requester', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[0]);
    const policyIds = [...seed.policies.keys()];
    expect(policyIds.length).toBeGreaterThanOrEqual(60);
    expect(new Set([...seed.policies.values()].map((p) => p.type)).size).toBe(
      16,
    );

    const { runId, token } = await startRun(seed, policyIds);
    const run = await finishedRun(seed, runId, token);

    expect(run).toMatchObject({
      status: 'completed',
      total: policyIds.length,
      processed: policyIds.length,
      succeeded: policyIds.length,
      failed: 0,
    });
    // The backup set's items are another projection: it may trail the
    // runs projection that reported the run finished.
    const items = await waitFor('every item in the backup set', async () => {
      const { body } = await request(t.app.getHttpServer())
        .get(
          `/v1/tenants/${seed.tenantId}/backup-sets/${seed.backupSetId}/items?limit=200`,
        )
        .auth(token, { type: 'bearer' })
        .expect(200);
      return body.items?.length === policyIds.length && body.items;
    });
    expect(new Set(items.map((i: { policyId: string }) => i.policyId))).toEqual(
      new Set(policyIds),
    );
    const notifications = await waitFor('the notification', async () => {
      const { body } = await request(t.app.getHttpServer())
        .get('/v1/me/notifications')
        .auth(token, { type: 'bearer' });
      return body.items?.length > 0 && body.items;
    });
    expect(notifications).toEqual([
      expect.objectContaining({
        runId,
        status: 'completed',
        links: { run: `/v1/tenants/${seed.tenantId}/runs/${runId}` },
      }),
    ]);
    const events = await streamEvents(
      bulkOperationStreamName(run.idempotencyKey),
    );
    expect([...outcomesPerItem(events).values()].every((n) => n === 1)).toBe(
      true,
    );
    expect(
      events.filter((e) => e.type === 'BulkOperationRunCompleted'),
    ).toHaveLength(1);
  });

  it('fails the deleted policies with not_found and captures the rest', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[1]);
    const policyIds = [...seed.policies.keys()];
    const deleted = policyIds.slice(0, 3);
    for (const id of deleted) {
      simulator.deletePolicy(
        simulator.tenants[1].tenantId,
        seed.policies.get(id)!.graphId,
      );
    }

    const { runId, token } = await startRun(seed, policyIds);
    const run = await finishedRun(seed, runId, token);

    expect(run).toMatchObject({
      status: 'completed_with_errors',
      succeeded: policyIds.length - 3,
      failed: 3,
    });
    expect(
      run.failures.map((f: { policyId: string }) => f.policyId).sort(),
    ).toEqual([...deleted].sort());
    expect(new Set(run.failures.map((f: { code: string }) => f.code))).toEqual(
      new Set(['not_found']),
    );
  });

  it('fails the run when the backup set is gone by the time it starts', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[2]);
    const policyIds = [...seed.policies.keys()].sort();
    await t.app.get(BackupSets).softDelete(seed.tenantId, seed.backupSetId);
    // The command validated the set a moment before it was deleted: given
    // its event, the saga must fail the run.
    const key = 'deleted-set-' + seed.tenantId;
    const stream = bulkOperationStreamName(key);
    const decision = decideAddPolicies(
      await loadStreamState(t.app.get(EventStore), stream),
      {
        newRunId: crypto.randomUUID(),
        tenantId: seed.tenantId,
        backupSetId: seed.backupSetId,
        policyIds,
        options: {
          includeAssignments: false,
          includeScopeTags: false,
          includeFoundations: false,
        },
        requestedBy: 'alice',
        idempotencyKey: key,
      },
    );
    if (decision.kind !== 'start') throw new Error('expected a new run');
    await t.app.get(EventStore).append(
      stream,
      [
        {
          id: eventIdOf(decision.event),
          type: decision.event.type,
          data: decision.event.data,
          metadata: {
            tenantId: seed.tenantId,
            userId: 'alice',
            correlationId: 'c',
            causationId: null,
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    const token = await t.token([[seed.tenantId, 'auditor']], 'alice');

    const run = await finishedRun(seed, decision.event.data.runId, token);

    expect(run).toMatchObject({
      status: 'failed',
      failureReason: { code: 'backup_set_not_found' },
      processed: 0,
      skipped: policyIds.length,
    });
  });

  it('finishes under heavy throttling with no item failed by throttling', async () => {
    const simulated = simulator.tenants[3];
    simulator.setFaults(simulated.tenantId, {
      throttle: { budget: 15, windowMs: 1000, retryAfter: 'seconds' },
    });
    const seed = await seedSimulatedTenant(t.app, simulated);
    const policyIds = [...seed.policies.keys()].slice(0, 12);

    const { runId, token } = await startRun(seed, policyIds);
    const run = await finishedRun(seed, runId, token);

    expect(run).toMatchObject({ status: 'completed', failed: 0 });
    const throttled = simulator
      .requestLog(simulated.tenantId)
      .filter((entry) => entry.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
  });

  it('records one outcome when the same job is delivered twice', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[1]);
    const [policyId] = [...seed.policies.keys()].filter(
      (id) => seed.policies.get(id)!.type === 'settingsCatalog',
    );
    const { runId, token } = await startRun(seed, [policyId]);
    const run = await finishedRun(seed, runId, token);
    const stream = bulkOperationStreamName(run.idempotencyKey);
    const before = await streamEvents(stream);

    const again = await t.app.get(CapturePolicyProcessor).handleCapturePolicy({
      data: {
        runId,
        tenantId: seed.tenantId,
        policyId,
        streamName: stream,
        correlationId: 'redelivered',
        causationId: 'redelivered',
      },
      attemptsMade: 0,
      opts: { attempts: 3 },
    } as never);

    expect(again).toBe('already_recorded');
    expect(await streamEvents(stream)).toHaveLength(before.length);
  });
});
