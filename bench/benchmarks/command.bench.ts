import { randomUUID } from 'node:crypto';

import autocannon from 'autocannon';

import { POLICY_TYPES } from '@app/reference-data';

import { BenchContext } from '../support/context';
import { cpuPerUnit } from '../support/cpu';
import { pacedLoad, PacedRequest } from '../support/paced-load';
import { BenchResult, result } from '../support/results';
import { loopbackRoundTrip } from '../support/round-trip';
import {
  benchRedisPrefix,
  createBenchDatabase,
  freePort,
  seedTenant,
  ServiceProcess,
  serviceEnv,
  startProcess,
} from '../support/services';
import { percentile } from '../support/stats';

const SELECTION = 50;
const RATE = 800;
/** Enough that a request never waits for a connection at the target rate. */
const PACED_CONNECTIONS = 64;
const OPEN_LOOP_CONNECTIONS = 32;

function sample<T>(items: readonly T[], size: number): T[] {
  const copy = [...items];
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(Math.random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, size);
}

/**
 * The add-policies command over HTTP against the API process alone, the
 * load generated in this process: distinct selections (every request a new
 * run: check, decide, append) and one repeated selection (every request
 * after the first reuses the run: check, read, decide). First at a constant
 * 800 requests/s (open loop, latency from each request's due time), then
 * closed loop with autocannon's connections as fast as the API answers.
 * The baseline is a bare `node:http` server given the same requests at
 * the same rate: what the machine's transport costs before any work.
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
  const repeatedBody = JSON.stringify({
    policyIds: sample(seeded.policyIds, SELECTION),
  });
  const distinct = (): PacedRequest => ({
    method: 'POST',
    path,
    headers,
    body: JSON.stringify({ policyIds: sample(seeded.policyIds, SELECTION) }),
  });
  const repeated = (): PacedRequest => ({
    method: 'POST',
    path,
    headers,
    body: repeatedBody,
  });

  /** A constant arrival rate; latency from each request's due time. */
  async function paced(
    label: string,
    next: () => PacedRequest,
    rate: number,
    target: ServiceProcess = api,
  ) {
    const { result: outcome, msPerUnit } = await cpuPerUnit(
      [target.pid],
      () =>
        pacedLoad({
          url: target.url,
          rate,
          durationSeconds: duration,
          connections: PACED_CONNECTIONS,
          next,
        }),
      (load) => load.latenciesMs.length,
    );
    const accepted = outcome.statuses[202] ?? 0;
    const other = outcome.latenciesMs.length - accepted;
    const p50 = percentile(outcome.latenciesMs, 50);
    const p99 = percentile(outcome.latenciesMs, 99);
    const { service, postgres, load } = msPerUnit;
    ctx.log(
      `${label}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ${outcome.achievedRate.toFixed(0)} req/s, 202: ${accepted}, other: ${other}, errors: ${outcome.errors}; CPU per request: server ${service.toFixed(2)} ms, PostgreSQL ${postgres.toFixed(2)} ms, load generator ${load.toFixed(2)} ms`,
    );
    if (other > 0 || outcome.errors > 0) {
      throw new Error(`${label}: ${other} not 202, ${outcome.errors} errors`);
    }
    return { p50, p99, rate: outcome.achievedRate, cpuMs: service };
  }

  /**
   * The same distinct requests at the same rate to a bare `node:http`
   * server (`bench/processes/bare-http.ts`): the transport's own latency
   * and CPU on this machine, the floor the API's numbers are read against.
   */
  async function bareFloor(next: () => PacedRequest) {
    const bare = await startProcess(
      'bench/processes/bare-http.js',
      freePort(),
      {},
    );
    try {
      await paced('bare node:http warm-up', next, 200, bare);
      return await paced(`bare node:http at ${RATE} req/s`, next, RATE, bare);
    } finally {
      await bare.stop();
    }
  }

  /** Closed loop: every connection sends its next request on an answer. */
  async function flatOut(label: string, next: () => PacedRequest) {
    const fresh = () => {
      const request = next();
      return { ...request, headers: { ...request.headers } };
    };
    const outcome = await autocannon({
      url: api.url,
      connections: OPEN_LOOP_CONNECTIONS,
      duration,
      // autocannon adds Content-Length to the headers it is given: each
      // request gets a copy, so the paced phases' headers stay clean.
      requests: [{ ...fresh(), setupRequest: (r) => ({ ...r, ...fresh() }) }],
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
    await paced('warm-up', distinct, 200);
    const measured = [];
    for (const [label, request] of [
      ['distinct', distinct],
      ['repeated', repeated],
    ] as const) {
      const fixed = await paced(`${label} at ${RATE} req/s`, request, RATE);
      const open = await flatOut(`${label}, closed loop`, request);
      measured.push({ label, fixed, open });
    }
    const floor = await bareFloor(distinct);
    const trip = await loopbackRoundTrip();
    ctx.log(
      `loopback TCP round trip: ${trip.wallUs.toFixed(1)} us wall, ${trip.cpuUs.toFixed(1)} us of the caller's CPU (${trip.systemUs.toFixed(1)} us in the kernel)`,
    );

    const results: BenchResult[] = [];
    for (const { label, fixed, open } of measured) {
      results.push(
        result({
          name: `add-policies p99 at ${RATE} req/s, ${label} selections`,
          value: fixed.p99,
          unit: 'ms',
          baseline: { name: 'bare node:http p99', value: floor.p99 },
          target: '<= 25 ms at 800 req/s',
          meets: (value) => value <= 25 && fixed.rate >= RATE * 0.95,
        }),
        result({
          name: `add-policies p50 at ${RATE} req/s, ${label} selections`,
          value: fixed.p50,
          unit: 'ms',
          baseline: { name: 'bare node:http p50', value: floor.p50 },
        }),
        result({
          name: `add-policies achieved rate, ${label} selections`,
          value: fixed.rate,
          unit: 'req/s',
          target: `${RATE} req/s`,
          meets: (value) => value >= RATE * 0.95,
        }),
        result({
          name: `add-policies API CPU per request at ${RATE} req/s, ${label} selections`,
          value: fixed.cpuMs,
          unit: 'ms',
          baseline: { name: 'bare node:http', value: floor.cpuMs },
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
    results.push(
      result({
        name: 'loopback TCP round trip, caller CPU (a command makes 4)',
        value: trip.cpuUs,
        unit: 'us',
      }),
    );
    return results;
  } finally {
    await api.stop();
    await db.drop();
    await redis.flush();
  }
}
