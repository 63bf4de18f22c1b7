import { Logger, LoggerService } from '@nestjs/common';

import {
  GraphSimulator,
  startGraphSimulator,
} from '../../../../apps/graph-simulator/src';
import { StaticGraphCredentialsSource } from '../client/auth/graph-credentials-source';
import { GraphClientFactory } from '../client/graph-client.factory';
import { UnlimitedRateLimiter } from '../client/rate-limit/tenant-rate-limiter';
import {
  SIMULATED_TO_POLICY_TYPE,
  simulatorClientOptions,
} from '../testing/simulator-graph';
import { CaptureStrategyRegistry } from './capture-strategy-registry';
import { PolicyCaptureService } from './policy-capture.service';

/** Keeps every line any Nest logger writes, every level. */
class BufferLogger implements LoggerService {
  readonly lines: string[] = [];
  private keep = (...parts: unknown[]) =>
    this.lines.push(parts.map((p) => JSON.stringify(p)).join(' '));
  log = this.keep;
  error = this.keep;
  warn = this.keep;
  debug = this.keep;
  verbose = this.keep;
  fatal = this.keep;
}

describe('PolicyCaptureService and secrets', () => {
  const logs = new BufferLogger();
  let simulator: GraphSimulator;

  beforeAll(async () => {
    Logger.overrideLogger(logs);
    simulator = await startGraphSimulator({
      seed: 9,
      faults: {
        sequence: [
          { kind: 'throttle', retryAfter: 'seconds', retryAfterMs: 20 },
          'reset',
          'hang',
        ],
      },
    });
  });
  afterAll(async () => {
    Logger.overrideLogger(new Logger());
    await simulator.close();
  });

  function service(clientSecret: string) {
    const tenant = simulator.tenants[0];
    const credentials = new StaticGraphCredentialsSource(
      new Map([
        [
          'tenant-1',
          {
            entraTenantId: tenant.tenantId,
            clientId: tenant.clientId,
            clientSecret,
          },
        ],
      ]),
    );
    const factory = new GraphClientFactory(
      simulatorClientOptions(simulator, {
        requestTimeoutMs: 200,
        maxAttempts: 2,
      }),
      credentials,
      new UnlimitedRateLimiter(),
    );
    return new PolicyCaptureService(factory, new CaptureStrategyRegistry());
  }

  it('never writes a secret or token into errors or log lines', async () => {
    const tenant = simulator.tenants[0];
    const wrongSecret = `${tenant.clientSecret.slice(0, -4)}Zz9~`;
    const policy = tenant.policies[0];
    const ref = {
      policyType: SIMULATED_TO_POLICY_TYPE[policy.type],
      graphId: policy.id,
    };
    const failures: unknown[] = [];

    // Throttled, reset and hung attempts, then exhausted retries.
    await service(tenant.clientSecret)
      .capturePolicy('tenant-1', ref, { includeAssignments: true })
      .catch((error: unknown) => failures.push(error));
    await service(tenant.clientSecret)
      .capturePolicy('tenant-1', ref, { includeAssignments: true })
      .catch((error: unknown) => failures.push(error));
    // A refused secret.
    await service(wrongSecret)
      .capturePolicy('tenant-1', ref)
      .catch((error: unknown) => failures.push(error));

    expect(failures.length).toBeGreaterThan(0);
    expect(failures).toContainEqual(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(logs.lines.length).toBeGreaterThan(0);
    const written = [
      ...logs.lines,
      ...failures.map((error) => {
        const e = error as Error & { details?: unknown };
        return `${e.message} ${JSON.stringify(e.details)} ${JSON.stringify(e)}`;
      }),
    ].join('\n');
    expect(written).not.toContain(tenant.clientSecret);
    expect(written).not.toContain(wrongSecret);
    expect(written).not.toMatch(/bearer\s+\S{8,}/i);
    expect(written).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
    expect(written).not.toMatch(/client_secret=(?!\[redacted\])/);
  });
});
