import { waitFor } from '@app/testing';

import { GraphSimulator, startGraphSimulator } from './simulator';
import { FaultOptions } from './simulator-options';
import { accessToken, call } from './testing/http-test-client';

describe('Graph simulator faults over HTTP', () => {
  let simulator: GraphSimulator;
  let tenantId: string;
  let token: string;
  const list = (
    path = 'deviceManagement/deviceConfigurations',
    timeoutMs = 2_000,
  ) =>
    call(`${simulator.baseUrl}/${path}`, {
      headers: { Authorization: `Bearer ${token}` },
      timeoutMs,
    });
  const withFaults = (faults: FaultOptions) =>
    simulator.setFaults(tenantId, faults);

  beforeAll(async () => {
    simulator = await startGraphSimulator({
      seed: 3,
      tenants: [{ policiesPerType: 2 }],
    });
    tenantId = simulator.tenants[0].tenantId;
    token = await accessToken(simulator, simulator.tenants[0]);
  });

  afterEach(() => withFaults({}));
  afterAll(() => simulator.close());

  describe('with a request budget', () => {
    const overBudget = async (throttle: FaultOptions['throttle']) => {
      withFaults({ throttle });
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await list()).status);
      const answer = await list();
      expect(statuses).toEqual([200, 200, 429]);
      expect(answer.status).toBe(429);
      expect(JSON.parse(answer.text).error.code).toBe('TooManyRequests');
      return answer;
    };

    it('answers 429 with Retry-After in (fractional) seconds over budget', async () => {
      const answer = await overBudget({ budget: 2, windowMs: 60_000 });
      const seconds = Number(answer.headers['retry-after']);

      expect(answer.headers['retry-after']).toMatch(/^\d+(\.\d{1,3})?$/);
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(60);
    });

    it('answers 429 with Retry-After as an HTTP date when configured', async () => {
      const answer = await overBudget({
        budget: 2,
        windowMs: 60_000,
        retryAfter: 'date',
      });
      const date = Date.parse(String(answer.headers['retry-after']));

      expect(answer.headers['retry-after']).toMatch(/GMT$/);
      expect(date).toBeGreaterThan(Date.now());
    });

    it('answers 429 without Retry-After when configured', async () => {
      const answer = await overBudget({
        budget: 2,
        windowMs: 60_000,
        retryAfter: 'none',
      });

      expect(answer.headers['retry-after']).toBeUndefined();
    });

    it('serves again once the window has moved on', async () => {
      withFaults({ throttle: { budget: 1, windowMs: 100 } });
      await list();
      const refused = await list();

      expect(refused.status).toBe(429);
      const later = await waitForStatus(200);
      expect(later).toBe(200);
    });

    it('counts throttled requests in the request count and log', async () => {
      simulator.clearRequestLog(tenantId);
      const before = simulator.requestCount(tenantId);
      withFaults({ sequence: ['throttle'] });
      await list();

      expect(simulator.requestCount(tenantId)).toBe(before + 1);
      expect(simulator.requestLog(tenantId)).toEqual([
        expect.objectContaining({ status: 429, fault: 'throttle' }),
      ]);
    });
  });

  it('announces a forced 429 with an exact fractional Retry-After', async () => {
    withFaults({ sequence: [{ kind: 'throttle', retryAfterMs: 2_128 }] });

    expect((await list()).headers['retry-after']).toBe('2.128');
    expect((await list()).status).toBe(200);
  });

  it('injects 5xx at the configured rate, and 503 ServiceUnavailable', async () => {
    withFaults({ serverErrorRate: 1 });
    const serverError = await list();
    withFaults({ serviceUnavailableRate: 1 });
    const unavailable = await list();

    expect([500, 502, 503, 504]).toContain(serverError.status);
    expect(JSON.parse(serverError.text).error.innerError['request-id']).toBe(
      serverError.headers['request-id'],
    );
    expect(unavailable.status).toBe(503);
    expect(JSON.parse(unavailable.text).error.code).toBe('ServiceUnavailable');
  });

  it('never answers a hanging request, so the client times out', async () => {
    withFaults({ hangRate: 1 });

    await expect(list(undefined, 150)).rejects.toThrow(/timed out/);
    expect(simulator.requestLog(tenantId).at(-1)).toMatchObject({
      fault: 'hang',
      status: 0,
    });
  });

  it('resets the connection instead of answering', async () => {
    withFaults({ resetRate: 1 });

    await expect(list()).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET/),
    });
  });

  it('answers 200 with a truncated JSON body', async () => {
    withFaults({ malformedRate: 1 });
    const answer = await list();

    expect(answer.status).toBe(200);
    expect(answer.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(answer.text)).toThrow();
  });

  it('deletes listed objects before they are read', async () => {
    withFaults({ deleteAfterListRate: 1 });
    const listed = JSON.parse((await list('deviceManagement/intents')).text);
    const id = String(listed.value[0].id);
    withFaults({});
    const read = await list(`deviceManagement/intents/${id}`);

    expect(listed.value.length).toBeGreaterThan(0);
    expect(read.status).toBe(404);
  });

  it('delays answers by the configured latency', async () => {
    withFaults({ latencyMs: { min: 120, max: 140 } });
    const started = performance.now();
    await list();

    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('applies sequences only to matching paths, then rates', async () => {
    withFaults({
      sequence: [{ kind: 'serverError', status: 502 }],
      sequencePathContains: '/intents',
    });
    const other = await list('deviceManagement/roleScopeTags');
    const matching = await list('deviceManagement/intents');

    expect(other.status).toBe(200);
    expect(matching.status).toBe(502);
  });

  async function waitForStatus(status: number): Promise<number> {
    return waitFor(
      `a ${status} answer`,
      async () => {
        const answer = await list();
        return answer.status === status ? answer.status : undefined;
      },
      { timeoutMs: 2_000 },
    );
  }
});
