import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

import type { Type } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { waitFor } from '@app/testing';

import {
  GraphSimulator,
  startGraphSimulator,
} from '../apps/graph-simulator/src';
import { WORKER_FEATURES } from '../apps/worker/src/worker.module';
import { captureLogs } from './support/log-capture';
import { seedSimulatedTenant, SimulatedSeed } from './support/simulated-tenant';
import { startTestApp, TestApp } from './support/test-app';

const EMAIL = 'global.admin@contoso.example';

/**
 * A Graph that fails every read with an error message quoting what a
 * careless gateway might: the caller's bearer token, the client secret
 * as a named parameter and an administrator's e-mail address. Graph never
 * sees the secret, so it is not echoed bare: only the token endpoint's
 * errors are sanitised against the tenant's own secret.
 */
async function startLeakyGraph(secret: string) {
  const seen = new Set<string>();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    const authorization = req.headers.authorization ?? '';
    seen.add(authorization.replace(/^Bearer /i, ''));
    const status = requests % 2 === 0 ? 500 : 403;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          code: status === 403 ? 'Forbidden' : 'InternalServerError',
          message:
            `Denied for ${EMAIL}. Authorization: ${authorization}; ` +
            `client_secret=${secret} "client_secret": "${secret}" ` +
            `access_token=${authorization.slice(7)}`,
        },
      }),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/beta`,
    tokens: () => [...seen].filter((token) => token.length > 0),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

describe('secrets across a failing run', () => {
  const logs = captureLogs();
  const secret = `Fs~${randomBytes(12).toString('hex')}`;
  let simulator: GraphSimulator;
  let graph: Awaited<ReturnType<typeof startLeakyGraph>>;
  let t: TestApp;
  let seed: SimulatedSeed;
  let operator: string;
  let runId: string;
  const responses: string[] = [];

  beforeAll(async () => {
    simulator = await startGraphSimulator({
      seed: 23,
      tenants: [{ policiesPerType: 1, clientSecret: secret }],
    });
    graph = await startLeakyGraph(secret);
    t = await startTestApp('security_secrets', {
      runProjections: true,
      imports: [...WORKER_FEATURES, logs.module as Type],
      env: {
        LOG_LEVEL: 'debug',
        WORKER_CONCURRENCY: '4',
        CAPTURE_ATTEMPTS: '2',
        CAPTURE_BACKOFF_MS: '10',
        RECONCILE_INTERVAL_MS: '0',
        GRAPH_BASE_URL: graph.baseUrl,
        GRAPH_AUTHORITY_HOST: simulator.authorityHost,
      },
    });
    t.app.useLogger(t.app.get(Logger));
    seed = await seedSimulatedTenant(t.app, simulator.tenants[0]);
    operator = await t.token([[seed.tenantId, 'operator']], 'alice');

    const accepted = await get('post', 'add-policies').send({
      policyIds: [...seed.policies.keys()].slice(0, 6),
    });
    responses.push(accepted.text);
    runId = accepted.body.runId;
    await waitFor(
      'the run to end',
      async () => {
        const { body } = await get('get', `runs/${runId}`);
        return body.status === 'completed_with_errors' ||
          body.status === 'failed'
          ? body
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await graph?.close();
    await simulator?.close();
  });

  function get(method: 'get' | 'post', path: string) {
    const base = `/v1/tenants/${seed.tenantId}`;
    const full =
      path === 'add-policies'
        ? `${base}/backup-sets/${seed.backupSetId}/add-policies`
        : `${base}/${path}`;
    return request(t.app.getHttpServer())
      [method](full)
      .auth(operator, { type: 'bearer' });
  }

  function expectClean(where: string, text: string) {
    const leaks = [secret, EMAIL, ...graph.tokens()].filter((s) =>
      text.includes(s),
    );
    expect({ where, leaks }).toEqual({ where, leaks: [] });
  }

  it('used the secret and met the leaky errors', () => {
    expect(graph.tokens().length).toBeGreaterThan(0);
    expect(simulator.tokenRequestCount(simulator.tenants[0].tenantId)).toBe(
      graph.tokens().length,
    );
  });

  it('stores sanitised failure messages in the events', async () => {
    const rows: { type: string; data: unknown }[] = await t.app
      .get(DataSource)
      .query(
        'SELECT event_type AS type, data, metadata FROM event_store_events',
      );
    const failures = rows.filter((row) => row.type === 'PolicyCaptureFailed');

    expect(failures).toHaveLength(6);
    for (const failure of failures) {
      const { message } = failure.data as { message: string };
      expect(message).toContain('[redacted]');
      expect(message).toContain('[email]');
    }
    expectClean('events', JSON.stringify(rows));
  });

  it('keeps the secret out of every response', async () => {
    for (const path of [
      `runs/${runId}`,
      `runs/${runId}/items?limit=200`,
      `runs/${runId}/events?limit=200`,
      'runs',
      'policies',
      'backup-sets',
    ]) {
      const response = await get('get', path).expect(200);
      responses.push(response.text);
    }
    const run = JSON.parse(responses[1]);
    expect(run.failures.length).toBeGreaterThan(0);

    expectClean('responses', responses.join('\n'));
  });

  it('keeps the secret out of every log line', () => {
    expect(logs.lines.length).toBeGreaterThan(10);

    expectClean('logs', JSON.stringify(logs.lines));
  });

  it('keeps the secret out of the read models', async () => {
    const db = t.app.get(DataSource);
    const tables: { name: string }[] = await db.query(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public'`,
    );
    for (const { name } of tables) {
      const rows = await db.query(`SELECT * FROM "${name}"`);
      expectClean(name, JSON.stringify(rows));
    }
  });
});
