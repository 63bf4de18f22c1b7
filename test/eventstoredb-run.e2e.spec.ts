import request from 'supertest';
import { DataSource } from 'typeorm';

import { EventStore, RecordedEvent } from '@app/event-store';
import { waitFor } from '@app/testing';

import {
  GraphSimulator,
  startGraphSimulator,
} from '../apps/graph-simulator/src';
import { EsdbDouble } from '../libs/event-store/src/testing/esdb-double';
import { seedSimulatedTenant, SimulatedSeed } from './support/simulated-tenant';
import { startTestApp, TestApp } from './support/test-app';
import { startWorker, WorkerProcess } from './support/worker-process';

// Worker processes take seconds to boot on a busy 2-core machine.
jest.setTimeout(120_000);

/**
 * The service on the EventStoreDB adapter (against the gRPC double): a
 * full run, concurrent identical commands, and a killed worker process.
 */
describe('runs on the EventStoreDB adapter', () => {
  let double: EsdbDouble;
  let simulator: GraphSimulator;
  let t: TestApp;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    double = await EsdbDouble.start();
    simulator = await startGraphSimulator({
      seed: 23,
      tenants: [
        { policiesPerType: 2 },
        { policiesPerType: 1 },
        { policiesPerType: 3 },
      ],
      faults: { latencyMs: 10 },
    });
    t = await startTestApp('esdb_run', {
      runProjections: true,
      env: {
        EVENTSTORE_URL: double.connectionString,
        GRAPH_BASE_URL: simulator.baseUrl,
        GRAPH_AUTHORITY_HOST: simulator.authorityHost,
      },
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    await t?.close();
    await simulator?.close();
    await double?.stop();
  });

  function worker(): WorkerProcess {
    const started = startWorker({
      DATABASE_URL: t.db.url,
      DATABASE_MIGRATE: 'false',
      REDIS_PREFIX: t.redisPrefix,
      EVENTSTORE_URL: double.connectionString,
      GRAPH_BASE_URL: simulator.baseUrl,
      GRAPH_AUTHORITY_HOST: simulator.authorityHost,
      WORKER_CONCURRENCY: '4',
      CAPTURE_BACKOFF_MS: '100',
      QUEUE_LOCK_DURATION_MS: '1500',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      RECONCILE_INTERVAL_MS: '1000',
      RECONCILE_GRACE_MS: '0',
    });
    workers.push(started);
    return started;
  }

  const add = async (seed: SimulatedSeed) =>
    request(t.app.getHttpServer())
      .post(
        `/v1/tenants/${seed.tenantId}/backup-sets/${seed.backupSetId}/add-policies`,
      )
      .auth(await t.token([[seed.tenantId, 'operator']]), { type: 'bearer' })
      .send({ policyIds: [...seed.policies.keys()] });

  async function runEvents(runId: string): Promise<RecordedEvent[]> {
    const store = t.app.get(EventStore);
    const events = await store.readAll({ maxCount: 100_000 });
    return events.filter((e) => (e.data as { runId?: string }).runId === runId);
  }

  const terminal = (events: RecordedEvent[]) =>
    events.filter((e) =>
      ['BulkOperationRunCompleted', 'BulkOperationRunFailed'].includes(e.type),
    );
  const outcomes = (events: RecordedEvent[]) =>
    events.filter((e) =>
      ['PolicyCaptured', 'PolicyCaptureFailed'].includes(e.type),
    );

  async function finished(runId: string) {
    return waitFor(
      `run ${runId} to end`,
      async () => {
        const events = await runEvents(runId);
        return terminal(events).length > 0 && events;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  }

  function expectOneOutcomeEach(events: RecordedEvent[], seed: SimulatedSeed) {
    const perItem = new Map<string, number>();
    for (const event of outcomes(events)) {
      const { policyId } = event.data as { policyId: string };
      perItem.set(policyId, (perItem.get(policyId) ?? 0) + 1);
    }
    expect([...perItem.keys()].sort()).toEqual(
      [...seed.policies.keys()].sort(),
    );
    expect([...perItem.values()].every((n) => n === 1)).toBe(true);
    expect(terminal(events)).toHaveLength(1);
  }

  it('takes a run to completed, with the read model projected from EventStoreDB', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[0]);
    worker();

    const accepted = await (await add(seed)).body;
    const events = await finished(accepted.runId);

    expectOneOutcomeEach(events, seed);
    expect(terminal(events)[0].data).toMatchObject({ status: 'completed' });
    const token = await t.token([[seed.tenantId, 'auditor']]);
    const run = await waitFor('the projected run', async () => {
      const { body } = await request(t.app.getHttpServer())
        .get(`/v1/tenants/${seed.tenantId}/runs/${accepted.runId}`)
        .auth(token, { type: 'bearer' });
      return body.status === 'completed' && body;
    });
    expect(run).toMatchObject({ processed: seed.policies.size, failed: 0 });
  });

  it('gives 30 concurrent identical commands one run and one request event', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[1]);

    const responses = await Promise.all(
      Array.from({ length: 30 }, () => add(seed)),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(30).fill(202));
    const runIds = new Set(responses.map((r) => r.body.runId));
    expect(runIds.size).toBe(1);
    const [runId] = [...runIds];
    const requested = (await runEvents(runId)).filter(
      (e) => e.type === 'AddPoliciesRequested',
    );
    expect(requested).toHaveLength(1);
  });

  it('finishes a run after its worker is killed with SIGKILL', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[2]);
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGTERM')));
    const first = worker();
    const accepted = await (await add(seed)).body;
    await waitFor(
      'some outcomes',
      async () => outcomes(await runEvents(accepted.runId)).length >= 5,
      {
        timeoutMs: 60_000,
      },
    );

    await first.kill('SIGKILL');
    worker();
    const events = await finished(accepted.runId);

    expectOneOutcomeEach(events, seed);
  });

  it('keeps projecting every event exactly once across a server restart', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[0]);
    if (workers.length === 0) worker();
    const accepted = await (await add(seed)).body;
    await waitFor(
      'some outcomes',
      async () => outcomes(await runEvents(accepted.runId)).length >= 3,
      {
        timeoutMs: 60_000,
      },
    );

    await double.restart();
    await finished(accepted.runId);

    const store = t.app.get(EventStore);
    const checkpoints = t.app.get(DataSource);
    const logged = await waitFor(
      'the runs projection at the head',
      async () => {
        const events = (await store.readAll({ maxCount: 100_000 })).filter(
          (e) => e.streamName.startsWith('bulkOperation-'),
        );
        const [row] = await checkpoints.query<
          { position: string; events_applied: string }[]
        >(
          `SELECT position, events_applied FROM projection_checkpoints WHERE name = 'bulk-operation-runs'`,
        );
        return (
          row?.position === events[events.length - 1].position && {
            events,
            row,
          }
        );
      },
    );
    expect(Number(logged.row.events_applied)).toBe(logged.events.length);
  });
});
