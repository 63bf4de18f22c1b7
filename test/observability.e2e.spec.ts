import { randomUUID } from 'node:crypto';

import type { Type } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import request from 'supertest';

import { bulkOperationStreamName } from '@app/bulk-operations';
import { EventStore } from '@app/event-store';
import { waitFor } from '@app/testing';

import {
  GraphSimulator,
  startGraphSimulator,
} from '../apps/graph-simulator/src';
import { WORKER_FEATURES } from '../apps/worker/src/worker.module';
import { captureLogs } from './support/log-capture';
import { seedSimulatedTenant, SimulatedSeed } from './support/simulated-tenant';
import { startTestApp, TestApp } from './support/test-app';

describe('observability of a run: correlation, metrics, queue board', () => {
  const logs = captureLogs();
  let simulator: GraphSimulator;
  let t: TestApp;
  let seed: SimulatedSeed;
  const correlationId = randomUUID();
  let runId: string;
  let operator: string;

  beforeAll(async () => {
    simulator = await startGraphSimulator({
      seed: 11,
      tenants: [{ policiesPerType: 1 }],
    });
    t = await startTestApp('observability', {
      runProjections: true,
      imports: [...WORKER_FEATURES, logs.module as Type],
      env: {
        LOG_LEVEL: 'debug',
        WORKER_CONCURRENCY: '4',
        RECONCILE_INTERVAL_MS: '0',
        GRAPH_BASE_URL: simulator.baseUrl,
        GRAPH_AUTHORITY_HOST: simulator.authorityHost,
      },
    });
    t.app.useLogger(t.app.get(Logger));
    seed = await seedSimulatedTenant(t.app, simulator.tenants[0]);
    operator = await t.token([[seed.tenantId, 'operator']], 'alice');

    const accepted = await request(t.app.getHttpServer())
      .post(
        `/v1/tenants/${seed.tenantId}/backup-sets/${seed.backupSetId}/add-policies`,
      )
      .set('x-request-id', correlationId)
      .auth(operator, { type: 'bearer' })
      .send({ policyIds: [...seed.policies.keys()] })
      .expect(202);
    runId = accepted.body.runId;
    await waitFor(
      'the run to complete',
      async () => {
        const { body } = await request(t.app.getHttpServer())
          .get(`/v1/tenants/${seed.tenantId}/runs/${runId}`)
          .auth(operator, { type: 'bearer' });
        return body.status === 'completed';
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
  });

  afterAll(async () => {
    await t?.close();
    await simulator?.close();
  });

  describe('correlation', () => {
    it('puts the request id on every log line of the run', () => {
      const runLines = logs.lines.filter((line) => line.runId === runId);
      const messages = runLines.map((line) => line.msg);

      expect(messages).toEqual(
        expect.arrayContaining([
          'run requested',
          'run started',
          'item recorded',
          'run completed',
        ]),
      );
      expect(
        runLines.filter((line) => line.msg === 'item recorded'),
      ).toHaveLength(seed.policies.size);
      for (const line of runLines) {
        expect(line).toMatchObject({ correlationId });
      }
    });

    it('records the request id as correlation and each cause as causation', async () => {
      const { body: run } = await request(t.app.getHttpServer())
        .get(`/v1/tenants/${seed.tenantId}/runs/${runId}`)
        .auth(operator, { type: 'bearer' })
        .expect(200);
      const events = await t.app
        .get(EventStore)
        .readStream(bulkOperationStreamName(run.idempotencyKey));
      const requested = events.find((e) => e.type === 'AddPoliciesRequested');

      expect(requested?.metadata).toMatchObject({
        correlationId,
        causationId: correlationId,
      });
      for (const event of events.filter((e) => e !== requested)) {
        expect(event.metadata).toMatchObject({
          correlationId,
          causationId: requested?.id,
        });
      }
    });

    it('logs each request once with id, status and time', async () => {
      const probeId = randomUUID();
      await request(t.app.getHttpServer())
        .get(`/v1/tenants/${seed.tenantId}/runs/${runId}`)
        .set('x-request-id', probeId)
        .auth(operator, { type: 'bearer' })
        .expect(200)
        .expect('x-request-id', probeId);
      await request(t.app.getHttpServer()).get('/health/live').expect(200);

      const requestLines = () =>
        logs.lines.filter((line) => line.msg === 'request completed');
      await waitFor('the request line', () =>
        requestLines().some(
          (line) => (line.req as { id?: string }).id === probeId,
        ),
      );
      const mine = requestLines().filter(
        (line) => (line.req as { id?: string }).id === probeId,
      );
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        req: {
          method: 'GET',
          url: `/v1/tenants/${seed.tenantId}/runs/${runId}`,
        },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      });
      expect(
        requestLines().filter((line) =>
          String((line.req as { url?: string }).url).startsWith('/health'),
        ),
      ).toEqual([]);
      // The command's own line carries the id it was sent with, and none of
      // the fields other lines of the request logged ('run requested').
      const commandLines = requestLines().filter(
        (line) => (line.req as { id?: string }).id === correlationId,
      );
      expect(commandLines).toHaveLength(1);
      expect(commandLines[0]).toMatchObject({ correlationId });
      expect(commandLines[0]).not.toHaveProperty('runId');
      expect(commandLines[0]).not.toHaveProperty('items');
    });
  });

  describe('/metrics', () => {
    async function scrape(): Promise<string> {
      const { text } = await request(t.app.getHttpServer())
        .get('/metrics')
        .expect(200)
        .expect('content-type', /text\/plain/);
      return text;
    }

    it('exposes the run, Graph, queue, projection and event store metrics', async () => {
      const text = await scrape();
      const captured = [...seed.policies.values()][0].type;

      for (const expected of [
        'bulkops_commands_total{command="add_policies",outcome="accepted"} 1',
        'bulkops_command_duration_seconds_count{command="add_policies",outcome="accepted"} 1',
        `bulkops_items_captured_total{policy_type="${captured}"} 1`,
        `bulkops_capture_duration_seconds_count{policy_type="${captured}",outcome="captured"} 1`,
        'bulkops_run_transitions_total{transition="started"} 1',
        'bulkops_run_transitions_total{transition="completed"} 1',
        'bulkops_graph_requests_total{endpoint="graph",status="200"}',
        'bulkops_graph_requests_total{endpoint="token",status="200"} 1',
        'bulkops_queue_jobs{queue="capture",state="waiting"} 0',
        'bulkops_queue_jobs{queue="capture",state="delayed"} 0',
        'bulkops_queue_jobs{queue="capture",state="active"} 0',
        'bulkops_projection_position{projection="bulk-operation-run-saga"} 1',
        'bulkops_projection_lag_seconds{projection="bulk-operation-run-saga"} 0',
        'bulkops_event_store_append_duration_seconds_count{outcome="appended"}',
        'bulkops_event_store_append_conflicts_total',
        'bulkops_graph_wait_seconds_total',
      ]) {
        expect(text).toContain(expected);
      }
    });

    it('counts rejected commands', async () => {
      const path = `/v1/tenants/${seed.tenantId}/backup-sets/${seed.backupSetId}/add-policies`;
      await request(t.app.getHttpServer())
        .post(path)
        .auth(operator, { type: 'bearer' })
        .send({ policyIds: [randomUUID()] })
        .expect(422);

      expect(await scrape()).toContain(
        'bulkops_commands_total{command="add_policies",outcome="rejected"} 1',
      );
    });
  });

  describe('the queue board', () => {
    const board = () => request(t.app.getHttpServer()).get('/admin/queues');

    it('refuses a request without a token', async () => {
      await board().expect(401);
    });

    it('refuses an operator', async () => {
      await board().auth(operator, { type: 'bearer' }).expect(403);
    });

    it('serves support staff, its API included', async () => {
      const support = await t.token([[seed.tenantId, 'support']], 'sam');

      await board()
        .auth(support, { type: 'bearer' })
        .expect(200)
        .expect('content-type', /html/);
      const { body } = await request(t.app.getHttpServer())
        .get('/admin/queues/api/queues')
        .auth(support, { type: 'bearer' })
        .expect(200);
      expect(body.queues.map((q: { name: string }) => q.name)).toEqual(
        expect.arrayContaining(['capture', 'inventory-sync']),
      );
    });

    it('guards the board API too', async () => {
      await request(t.app.getHttpServer())
        .get('/admin/queues/api/queues')
        .auth(operator, { type: 'bearer' })
        .expect(403);
    });
  });
});
