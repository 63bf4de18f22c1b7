import { Redis } from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { EventStore, RecordedEvent } from '@app/event-store';
import { TEST_REDIS_URL, waitFor } from '@app/testing';

import {
  GraphSimulator,
  startGraphSimulator,
} from '../apps/graph-simulator/src';
import { seedSimulatedTenant, SimulatedSeed } from './support/simulated-tenant';
import { startTestApp, TestApp } from './support/test-app';
import { startWorker, WorkerProcess } from './support/worker-process';

// Worker processes take seconds to boot on a busy 2-core machine.
jest.setTimeout(120_000);

/**
 * Workers as real processes next to an in-test API: killed with SIGKILL,
 * run two at a time, and with Redis losing the queue mid-run.
 */
describe('runs with worker processes', () => {
  let simulator: GraphSimulator;
  let t: TestApp;
  let workerEnv: Record<string, string>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    simulator = await startGraphSimulator({
      seed: 11,
      tenants: [
        { policiesPerType: 4 },
        { policiesPerType: 3 },
        { policiesPerType: 3 },
      ],
      faults: { latencyMs: 15 },
    });
    t = await startTestApp('worker_processes');
    workerEnv = {
      DATABASE_URL: t.db.url,
      DATABASE_MIGRATE: 'false',
      REDIS_PREFIX: t.redisPrefix,
      GRAPH_BASE_URL: simulator.baseUrl,
      GRAPH_AUTHORITY_HOST: simulator.authorityHost,
      WORKER_CONCURRENCY: '4',
      CAPTURE_BACKOFF_MS: '100',
      QUEUE_LOCK_DURATION_MS: '1500',
      QUEUE_STALLED_INTERVAL_MS: '1000',
      RECONCILE_INTERVAL_MS: '1000',
      RECONCILE_GRACE_MS: '0',
    };
  }, 60_000);

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGTERM')));
  });

  afterAll(async () => {
    await t?.close();
    await simulator?.close();
  });

  function worker(): WorkerProcess {
    const started = startWorker(workerEnv);
    workers.push(started);
    return started;
  }

  async function startRun(seed: SimulatedSeed) {
    const token = await t.token([[seed.tenantId, 'operator']]);
    const { body } = await request(t.app.getHttpServer())
      .post(
        `/v1/tenants/${seed.tenantId}/backup-sets/${seed.backupSetId}/add-policies`,
      )
      .auth(token, { type: 'bearer' })
      .send({ policyIds: [...seed.policies.keys()] })
      .expect(202);
    return body.runId as string;
  }

  async function waitForEvents(
    runId: string,
    predicate: (events: RecordedEvent[]) => boolean,
    description: string,
  ) {
    return waitFor(
      description,
      async () => {
        const [row] = await t.app
          .get(DataSource)
          .query<{ stream_name: string }[]>(
            'SELECT stream_name FROM bulk_operation_runs WHERE id = $1',
            [runId],
          );
        if (!row) return undefined;
        const events = await t.app.get(EventStore).readStream(row.stream_name);
        return predicate(events) && events;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
  }

  const outcomes = (events: RecordedEvent[]) =>
    events.filter(
      (e) => e.type === 'PolicyCaptured' || e.type === 'PolicyCaptureFailed',
    );
  const terminal = (events: RecordedEvent[]) =>
    events.filter(
      (e) =>
        e.type === 'BulkOperationRunCompleted' ||
        e.type === 'BulkOperationRunFailed',
    );

  function expectExactlyOneOutcomeEach(
    events: RecordedEvent[],
    policyIds: string[],
  ) {
    const perItem = new Map<string, number>();
    for (const event of outcomes(events)) {
      const { policyId } = event.data as { policyId: string };
      perItem.set(policyId, (perItem.get(policyId) ?? 0) + 1);
    }
    expect([...perItem.keys()].sort()).toEqual([...policyIds].sort());
    expect([...perItem.values()].every((n) => n === 1)).toBe(true);
    expect(terminal(events)).toHaveLength(1);
  }

  it('finishes a run after its worker is killed with SIGKILL and another starts', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[0]);
    const first = worker();
    const runId = await startRun(seed);
    await waitForEvents(
      runId,
      (events) => outcomes(events).length >= 10,
      '10 outcomes',
    );

    await first.kill('SIGKILL');
    worker();
    const events = await waitForEvents(
      runId,
      (e) => terminal(e).length > 0,
      'the run to end',
    );

    expectExactlyOneOutcomeEach(events, [...seed.policies.keys()]);
    const completed = terminal(events)[0].data as {
      status: string;
      succeeded: number;
      failed: number;
    };
    expect(completed.status).toBe('completed');
    expect(completed.succeeded + completed.failed).toBe(seed.policies.size);
  });

  it('ends a run once when two workers capture it in parallel', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[1]);
    worker();
    worker();
    const runId = await startRun(seed);

    const events = await waitForEvents(
      runId,
      (e) => terminal(e).length > 0,
      'the run to end',
    );

    expectExactlyOneOutcomeEach(events, [...seed.policies.keys()]);
    expect(
      events.filter((e) => e.type === 'BulkOperationRunCompleted'),
    ).toHaveLength(1);
  });

  it('finishes a run whose queued jobs Redis lost while no worker ran', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[2]);
    const first = worker();
    const runId = await startRun(seed);
    await waitForEvents(
      runId,
      (events) => outcomes(events).length >= 3,
      '3 outcomes',
    );

    await first.kill('SIGKILL');
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`${t.redisPrefix}:bull:*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
    redis.disconnect();
    worker();
    const events = await waitForEvents(
      runId,
      (e) => terminal(e).length > 0,
      'the run to end',
    );

    expectExactlyOneOutcomeEach(events, [...seed.policies.keys()]);
  });
});
