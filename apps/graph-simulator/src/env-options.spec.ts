import { simulatorOptionsFromEnv } from './env-options';

describe('simulatorOptionsFromEnv', () => {
  it('defaults to one demo tenant on port 4010 over http without faults', () => {
    const options = simulatorOptionsFromEnv({});

    expect(options.port).toBe(4010);
    expect(options.https).toBe(false);
    expect(options.seed).toBe(1);
    expect(options.tenants).toHaveLength(1);
    expect(options.faults?.throttle).toBeUndefined();
  });

  it('reads latency ranges, the 20-second budget and fault rates', () => {
    const options = simulatorOptionsFromEnv({
      SIMULATOR_LATENCY_MS: '20-80',
      SIMULATOR_THROTTLE_PER_20S: '1000',
      SIMULATOR_RETRY_AFTER: 'date',
      SIMULATOR_FAULT_RATE: '0.05',
      SIMULATOR_SEED: '42',
      SIMULATOR_TENANTS: '3:10',
      SIMULATOR_HTTPS: 'true',
    });

    expect(options.faults).toMatchObject({
      latencyMs: { min: 20, max: 80 },
      throttle: { budget: 1000, retryAfter: 'date' },
      serverErrorRate: 0.05,
    });
    expect(options.seed).toBe(42);
    expect(options.https).toBe(true);
    expect(options.tenants).toHaveLength(3);
    expect(options.tenants?.[2].policiesPerType).toBe(10);
  });

  it.each([
    ['SIMULATOR_FAULT_RATE', '1.5'],
    ['SIMULATOR_LATENCY_MS', '80-20'],
    ['SIMULATOR_PORT', 'http'],
    ['SIMULATOR_RETRY_AFTER', 'later'],
  ])('names %s when its value %s is invalid', (name, value) => {
    expect(() => simulatorOptionsFromEnv({ [name]: value })).toThrow(name);
  });
});
