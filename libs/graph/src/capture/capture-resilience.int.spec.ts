import { Redis } from 'ioredis';

import { TEST_REDIS_URL, testRedisPrefix } from '@app/testing';

import {
  FaultOptions,
  GraphSimulator,
  SeededPolicy,
  startGraphSimulator,
} from '../../../../apps/graph-simulator/src';
import { GraphClientFactory } from '../client/graph-client.factory';
import { GraphClientOptions } from '../client/graph-client-options';
import { RedisRateLimiter } from '../client/rate-limit/redis-rate-limiter';
import {
  TenantRateLimiter,
  UnlimitedRateLimiter,
} from '../client/rate-limit/tenant-rate-limiter';
import {
  SIMULATED_TO_POLICY_TYPE,
  simulatorClientOptions,
  simulatorTenants,
} from '../testing/simulator-graph';
import { CaptureStrategyRegistry } from './capture-strategy-registry';
import { PolicyCaptureService } from './policy-capture.service';

interface Harness {
  simulator: GraphSimulator;
  service: PolicyCaptureService;
  tenantId: string;
  simulatedTenantId: string;
  policies: readonly SeededPolicy[];
  retryWaits: { status?: number; fromRetryAfter: boolean }[];
}

async function harness(
  faults: FaultOptions,
  options: Partial<GraphClientOptions> = {},
  limiter: TenantRateLimiter = new UnlimitedRateLimiter(),
): Promise<Harness> {
  const simulator = await startGraphSimulator({ seed: 3, faults });
  const { tenants, credentials } = simulatorTenants(simulator);
  const retryWaits: Harness['retryWaits'] = [];
  const factory = new GraphClientFactory(
    simulatorClientOptions(simulator, {
      maxAttempts: 12,
      hooks: { onRetryWait: (wait) => retryWaits.push(wait) },
      ...options,
    }),
    credentials,
    limiter,
  );
  return {
    simulator,
    service: new PolicyCaptureService(factory, new CaptureStrategyRegistry()),
    tenantId: tenants[0].tenantId,
    simulatedTenantId: tenants[0].simulated.tenantId,
    policies: tenants[0].simulated.policies,
    retryWaits,
  };
}

function capture(h: Harness, policy: SeededPolicy) {
  return h.service.capturePolicy(
    h.tenantId,
    { policyType: SIMULATED_TO_POLICY_TYPE[policy.type], graphId: policy.id },
    { includeAssignments: true },
  );
}

const heavy = (h: Harness) =>
  h.policies.filter((p) =>
    ['settingsCatalog', 'administrativeTemplate'].includes(p.type),
  );

function statuses(h: Harness) {
  return h.simulator.requestLog(h.simulatedTenantId).map((e) => e.status);
}

describe('PolicyCaptureService under Graph faults', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.simulator.close();
    h = undefined;
  });

  describe('when the tenant budget is exhausted', () => {
    it.each(['seconds', 'date', 'none'] as const)(
      'succeeds with Retry-After as %s',
      async (retryAfter) => {
        // Without Retry-After, backoff must be able to reach a window's
        // length, or unlucky requests starve while others take the slots.
        h = await harness(
          { throttle: { budget: 20, windowMs: 400, retryAfter } },
          { backoffBaseMs: 50, backoffMaxMs: 400, maxAttempts: 20 },
        );
        const policies = heavy(h).slice(0, 4);

        const snapshots = await Promise.all(
          policies.map((p) => capture(h!, p)),
        );

        expect(snapshots).toHaveLength(policies.length);
        expect(statuses(h)).toContain(429);
        expect(h.retryWaits.length).toBeGreaterThan(0);
        expect(
          h.retryWaits.every(
            (w) => w.fromRetryAfter === (retryAfter !== 'none'),
          ),
        ).toBe(true);
      },
    );

    it('fails with a retryable throttled error once attempts run out', async () => {
      h = await harness(
        { throttle: { budget: 0, retryAfterMs: 10 } },
        { maxAttempts: 3 },
      );

      await expect(capture(h, h.policies[0])).rejects.toMatchObject({
        code: 'throttled',
        retryable: true,
        status: 429,
      });
      expect(statuses(h)).toEqual([429, 429, 429]);
    });
  });

  describe('with the shared rate limiter below the tenant budget', () => {
    const redisPrefix = testRedisPrefix('graph-capture-rate');
    const redis = new Redis(TEST_REDIS_URL);
    afterAll(async () => {
      await redisPrefix.flush();
      redis.disconnect();
    });

    it('is never throttled', async () => {
      // Half the budget: requests reach the simulator a little after they
      // take their slot, more so on a busy machine.
      const limiter = new RedisRateLimiter(redis, {
        limit: 10,
        windowMs: 400,
        keyFor: (tenantId) => `${redisPrefix.prefix}:graph-rate:${tenantId}`,
      });
      h = await harness(
        { throttle: { budget: 20, windowMs: 400 } },
        {},
        limiter,
      );

      await Promise.all(
        heavy(h)
          .slice(0, 4)
          .map((p) => capture(h!, p)),
      );

      expect(statuses(h).length).toBeGreaterThan(40);
      expect(statuses(h)).not.toContain(429);
    });
  });

  describe('when Graph fails transiently', () => {
    it('retries 5xx answers and reset connections', async () => {
      h = await harness({
        sequence: [
          { kind: 'serverError', status: 500 },
          'serviceUnavailable',
          'reset',
          { kind: 'serverError', status: 504 },
          { kind: 'serverError', status: 502 },
        ],
      });
      const policy = heavy(h)[0];

      const snapshot = await capture(h, policy);

      expect(snapshot.content.policy.id).toBe(policy.id);
      expect(statuses(h).slice(0, 5)).toEqual([500, 503, 0, 504, 502]);
    });

    it('times out a hung request and retries it', async () => {
      h = await harness({ sequence: ['hang'] }, { requestTimeoutMs: 300 });

      const started = Date.now();
      const snapshot = await capture(h, h.policies[0]);

      expect(snapshot.content.policy.id).toBe(h.policies[0].id);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('fails as transient when every attempt hangs', async () => {
      h = await harness(
        { hangRate: 1 },
        { requestTimeoutMs: 150, maxAttempts: 2 },
      );

      const error = await capture(h, h.policies[0]).then(
        () => undefined,
        (e: unknown) => e as Error,
      );

      expect(error).toMatchObject({ code: 'transient', retryable: true });
      expect(error?.message).toContain('timed out');
    });

    it('reads a malformed body again', async () => {
      h = await harness({ sequence: ['malformed'] });

      const snapshot = await capture(h, h.policies[0]);

      expect(snapshot.content.policy.id).toBe(h.policies[0].id);
    });
  });
});
