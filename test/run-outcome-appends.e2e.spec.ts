import { getQueueToken } from '@nestjs/bull';
import type { Job, Queue } from 'bull';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { bulkOperationStreamName, CaptureJob } from '@app/bulk-operations';
import { EventStore } from '@app/event-store';
import { CAPTURE_QUEUE } from '@app/queue';
import { waitFor } from '@app/testing';

import {
  GraphSimulator,
  startGraphSimulator,
} from '../apps/graph-simulator/src';
import { WORKER_FEATURES } from '../apps/worker/src/worker.module';
import { seedSimulatedTenant } from './support/simulated-tenant';
import { startTestApp, TestApp } from './support/test-app';

/** A database that refuses outcome events: every outcome append fails. */
const REFUSE_OUTCOMES = `
  CREATE FUNCTION refuse_outcomes() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.event_type IN ('PolicyCaptured', 'PolicyCaptureFailed') THEN
      RAISE EXCEPTION 'outcome appends refused by the test';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER refuse_outcomes BEFORE INSERT ON event_store_events
    FOR EACH ROW EXECUTE FUNCTION refuse_outcomes()`;

const ACCEPT_OUTCOMES = `
  DROP TRIGGER refuse_outcomes ON event_store_events;
  DROP FUNCTION refuse_outcomes()`;

describe('a run whose shared outcome appends fail for a while', () => {
  let simulator: GraphSimulator;
  let t: TestApp;

  beforeAll(async () => {
    simulator = await startGraphSimulator({
      seed: 5,
      tenants: [{ policiesPerType: 2 }],
    });
    t = await startTestApp('run_outcome_appends', {
      runProjections: true,
      imports: WORKER_FEATURES,
      env: {
        WORKER_CONCURRENCY: '8',
        CAPTURE_BACKOFF_MS: '100',
        CAPTURE_ATTEMPTS: '10',
        RECONCILE_INTERVAL_MS: '0',
        GRAPH_BASE_URL: simulator.baseUrl,
        GRAPH_AUTHORITY_HOST: simulator.authorityHost,
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await simulator?.close();
  });

  it('fails the jobs of each failed append so Bull retries them, and records every item once when appends work again', async () => {
    const seed = await seedSimulatedTenant(t.app, simulator.tenants[0]);
    const policyIds = [...seed.policies.keys()];
    const token = await t.token([[seed.tenantId, 'operator']], 'alice');
    const queue = t.app.get<Queue<CaptureJob>>(getQueueToken(CAPTURE_QUEUE));
    const failedJobs = new Set<string>();
    queue.on('failed', (job: Job<CaptureJob>) =>
      failedJobs.add(job.data.policyId),
    );
    const db = t.app.get(DataSource);
    await db.query(REFUSE_OUTCOMES);

    const { body } = await request(t.app.getHttpServer())
      .post(
        `/v1/tenants/${seed.tenantId}/backup-sets/${seed.backupSetId}/add-policies`,
      )
      .auth(token, { type: 'bearer' })
      .send({ policyIds })
      .expect(202);
    await waitFor(
      'several jobs to fail their append',
      async () => failedJobs.size >= 8,
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    await db.query(ACCEPT_OUTCOMES);
    const run = await waitFor(
      'the run to finish',
      async () => {
        const { body: current } = await request(t.app.getHttpServer())
          .get(`/v1/tenants/${seed.tenantId}/runs/${body.runId}`)
          .auth(token, { type: 'bearer' });
        return current.status === 'completed' ? current : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );

    expect(run).toMatchObject({
      total: policyIds.length,
      succeeded: policyIds.length,
      failed: 0,
    });
    const events = await t.app
      .get(EventStore)
      .readStream(bulkOperationStreamName(run.idempotencyKey));
    const outcomes = events
      .filter((e) => e.type === 'PolicyCaptured')
      .map((e) => (e.data as { policyId: string }).policyId);
    expect(outcomes.sort()).toEqual([...policyIds].sort());
    expect(
      events.filter((e) => e.type === 'BulkOperationRunCompleted'),
    ).toHaveLength(1);
  });
});
