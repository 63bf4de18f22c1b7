import { randomInt } from 'node:crypto';

import request from 'supertest';
import { DataSource } from 'typeorm';

import {
  GraphSimulator,
  startGraphSimulator,
  TenantSpec,
} from '../../../apps/graph-simulator/src';
import {
  seedSimulatedTenant,
  SimulatedSeed,
} from '../../support/simulated-tenant';
import { startTestApp, TestApp } from '../../support/test-app';
import type { WorkerProcess } from '../../support/worker-process';
import { checkInvariants, waitForTerminalRuns } from './invariants';
import { startWorkerProcess } from './processes';

export interface FaultEnvOptions {
  readonly label: string;
  /** A `privateDist()` copy to run the processes from. */
  readonly dist: string;
  readonly tenants: readonly TenantSpec[];
  /** A Redis URL other than the shared one (a private server). */
  readonly redisUrl?: string;
  /** Worker variables on top of the short lock and stall settings. */
  readonly workerEnv?: Record<string, string>;
}

/**
 * One scenario's world: the Graph simulator, a database and Redis prefix
 * of its own, an in-test API (seeding, commands, verification) and worker
 * processes that can be killed and started at will.
 */
export interface FaultEnv {
  readonly dist: string;
  readonly simulator: GraphSimulator;
  readonly t: TestApp;
  readonly seeds: SimulatedSeed[];
  readonly workerEnv: Record<string, string>;
  readonly workers: WorkerProcess[];
  /** Faults injected so far, for the report. */
  faults: number;
  startWorkers(count: number): WorkerProcess[];
  /** SIGKILLs a random live worker and starts a replacement. */
  killRandomWorker(): Promise<void>;
  command(seed: SimulatedSeed, policyIds: string[]): request.Test;
  startRun(seed: SimulatedSeed, policyIds: string[]): Promise<string>;
  /** Waits for every run to end, then checks the invariants. */
  settle(timeoutMs?: number): ReturnType<typeof checkInvariants>;
  close(): Promise<void>;
}

export async function startFaultEnv(
  options: FaultEnvOptions,
): Promise<FaultEnv> {
  const simulator = await startGraphSimulator({
    seed: randomInt(1, 1_000_000),
    tenants: options.tenants,
  });
  const redisEnv: Record<string, string> = options.redisUrl
    ? { REDIS_URL: options.redisUrl }
    : {};
  const t = await startTestApp(options.label, { env: redisEnv });
  const seeds: SimulatedSeed[] = [];
  for (const tenant of simulator.tenants) {
    seeds.push(await seedSimulatedTenant(t.app, tenant));
  }
  const workerEnv = {
    DATABASE_URL: t.db.url,
    DATABASE_MIGRATE: 'false',
    REDIS_PREFIX: t.redisPrefix,
    GRAPH_BASE_URL: simulator.baseUrl,
    GRAPH_AUTHORITY_HOST: simulator.authorityHost,
    WORKER_CONCURRENCY: '8',
    CAPTURE_BACKOFF_MS: '100',
    CAPTURE_ATTEMPTS: '8',
    GRAPH_RATE_PER_20S: '2000',
    CAPTURE_TIMEOUT_MS: '3000',
    QUEUE_LOCK_DURATION_MS: '1500',
    QUEUE_STALLED_INTERVAL_MS: '1000',
    RECONCILE_INTERVAL_MS: '1000',
    RECONCILE_GRACE_MS: '0',
    ...redisEnv,
    ...options.workerEnv,
  };
  const workers: WorkerProcess[] = [];
  const tokens = new Map<string, string>();

  const env: FaultEnv = {
    dist: options.dist,
    simulator,
    t,
    seeds,
    workerEnv,
    workers,
    faults: 0,
    startWorkers(count) {
      const started = Array.from({ length: count }, () =>
        startWorkerProcess(options.dist, workerEnv),
      );
      workers.push(...started);
      return started;
    },
    async killRandomWorker() {
      const live = workers.filter((w) => w.child.exitCode === null);
      if (live.length === 0) return;
      const victim = live[randomInt(live.length)];
      await victim.kill('SIGKILL');
      env.faults += 1;
      env.startWorkers(1);
    },
    command(seed, policyIds) {
      const token = tokens.get(seed.tenantId);
      return request(t.app.getHttpServer())
        .post(
          `/v1/tenants/${seed.tenantId}/backup-sets/${seed.backupSetId}/add-policies`,
        )
        .auth(token!, { type: 'bearer' })
        .send({ policyIds });
    },
    async startRun(seed, policyIds) {
      const { body } = await env.command(seed, policyIds).expect(202);
      return body.runId;
    },
    async settle(timeoutMs = 120_000) {
      await waitForTerminalRuns(t.app.get(DataSource), timeoutMs);
      return checkInvariants(t.app);
    },
    async close() {
      await Promise.all(workers.map((w) => w.kill('SIGTERM')));
      await t.close();
      await simulator.close();
    },
  };
  for (const seed of seeds) {
    tokens.set(
      seed.tenantId,
      await t.token([[seed.tenantId, 'operator']], 'fault-suite'),
    );
  }
  return env;
}

/** A random subset of `size` of the seed's policies. */
export function pickPolicies(seed: SimulatedSeed, size: number): string[] {
  const ids = [...seed.policies.keys()];
  for (let i = ids.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids.slice(0, Math.min(size, ids.length));
}
