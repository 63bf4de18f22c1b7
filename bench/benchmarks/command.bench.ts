import { randomUUID } from 'node:crypto';

import autocannon from 'autocannon';

import { POLICY_TYPES } from '@app/reference-data';

import { BenchContext } from '../support/context';
import { BenchResult, result } from '../support/results';
import {
  benchRedisPrefix,
  createBenchDatabase,
  freePort,
  seedTenant,
  serviceEnv,
  startProcess,
} from '../support/services';

const SELECTION = 50;
const RATE = 800;
const CONNECTIONS = 32;

function sample<T>(items: readonly T[], size: number): T[] {
  const copy = [...items];
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(Math.random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, size);
}

/**
 * The add-policies command over HTTP against the API process alone, with
 * autocannon in this process: distinct selections (every request a new
 * run: read, decide, append) and one repeated selection (every request
 * after the first reuses the run: read, decide), at a fixed 800 req/s and
 * then as fast as it goes.
 */
export async function commandBenchmark(
  ctx: BenchContext,
): Promise<BenchResult[]> {
  const db = await createBenchDatabase('command');
  const redis = benchRedisPrefix('command');
  const env = serviceEnv(db, redis.prefix, { LOG_LEVEL: 'error' });
  const seeded = await seedTenant(
    env,
    Array.from({ length: 400 }, (_, i) => ({
      graphId: randomUUID(),
      policyType: POLICY_TYPES[i % POLICY_TYPES.length],
      displayName: `Policy ${i}`,
    })),
  );
  const api = await startProcess('apps/api/src/main.js', freePort(), env);
  const duration = ctx.quick ? 4 : 15;
  const path = `/v1/tenants/${seeded.tenantId}/backup-sets/${seeded.backupSetId}/add-policies`;
  const headers = {
    authorization: `Bearer ${seeded.token}`,
    'content-type': 'application/json',
  };
  const repeated = JSON.stringify({
    policyIds: sample(seeded.policyIds, SELECTION),
  });
  const distinct = {
    method: 'POST',
    path,
    headers,
    setupRequest: (request: object) => ({
      ...request,
      body: JSON.stringify({ policyIds: sample(seeded.policyIds, SELECTION) }),
    }),
  };

  async function load(
    label: string,
    request: object,
    overallRate: number | undefined,
  ) {
    const outcome = await autocannon({
      url: api.url,
      connections: CONNECTIONS,
      duration,
      overallRate,
      requests: [request],
    });
    const ok = outcome.statusCodeStats['202']?.count ?? 0;
    ctx.log(
      `${label}: p50 ${outcome.latency.p50} ms, p99 ${outcome.latency.p99} ms, ${outcome.requests.average} req/s, 202: ${ok}, non-2xx: ${outcome.non2xx}, errors: ${outcome.errors}`,
    );
    if (outcome.non2xx > 0 || outcome.errors > 0) {
      throw new Error(
        `${label}: ${outcome.non2xx} non-2xx, ${outcome.errors} errors`,
      );
    }
    return outcome;
  }

  try {
    // Warms the JIT, the pools and the prepared statements.
    await load('warm-up', distinct, 200);
    const results: BenchResult[] = [];
    for (const [label, request] of [
      ['distinct', distinct],
      ['repeated', { method: 'POST', path, headers, body: repeated }],
    ] as const) {
      const fixed = await load(`${label} at ${RATE} req/s`, request, RATE);
      const open = await load(`${label}, open loop`, request, undefined);
      results.push(
        result({
          name: `add-policies p99 at ${RATE} req/s, ${label} selections`,
          value: fixed.latency.p99,
          unit: 'ms',
          target: '<= 25 ms at 800 req/s',
          meets: (value) =>
            value <= 25 && fixed.requests.average >= RATE * 0.95,
        }),
        result({
          name: `add-policies p50 at ${RATE} req/s, ${label} selections`,
          value: fixed.latency.p50,
          unit: 'ms',
        }),
        result({
          name: `add-policies achieved rate, ${label} selections`,
          value: fixed.requests.average,
          unit: 'req/s',
          target: `${RATE} req/s`,
          meets: (value) => value >= RATE * 0.95,
        }),
        result({
          name: `add-policies max throughput, ${label} selections`,
          value: open.requests.average,
          unit: 'req/s',
        }),
        result({
          name: `add-policies p99 at max throughput, ${label} selections`,
          value: open.latency.p99,
          unit: 'ms',
        }),
      );
    }
    return results;
  } finally {
    await api.stop();
    await db.drop();
    await redis.flush();
  }
}
