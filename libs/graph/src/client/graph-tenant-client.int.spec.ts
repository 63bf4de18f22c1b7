import { waitFor } from '@app/testing';

import {
  FAKE_SECRET,
  FakeGraphServer,
  graphError,
  json,
  startFakeGraphServer,
} from '../testing/fake-graph-server';
import { StaticGraphCredentialsSource } from './auth/graph-credentials-source';
import { GraphClientFactory } from './graph-client.factory';
import {
  DEFAULT_GRAPH_CLIENT_OPTIONS,
  GraphClientHooks,
} from './graph-client-options';
import { UnlimitedRateLimiter } from './rate-limit/tenant-rate-limiter';

const TENANT = 'tenant-a';

describe('GraphTenantClient against a local HTTP server', () => {
  let server: FakeGraphServer;
  let waits: Parameters<NonNullable<GraphClientHooks['onRetryWait']>>[0][];

  function client(secret = FAKE_SECRET, maxAttempts = 4) {
    const credentials = new StaticGraphCredentialsSource(
      new Map([
        [
          TENANT,
          { entraTenantId: 'entra-a', clientId: 'app', clientSecret: secret },
        ],
      ]),
    );
    const factory = new GraphClientFactory(
      {
        ...DEFAULT_GRAPH_CLIENT_OPTIONS,
        baseUrl: server.baseUrl,
        authorityHost: server.origin,
        rateLimit: 1000,
        maxAttempts,
        backoffBaseMs: 10,
        backoffMaxMs: 40,
        requestTimeoutMs: 200,
        hooks: { onRetryWait: (event) => waits.push(event) },
      },
      credentials,
      new UnlimitedRateLimiter(),
    );
    return factory.forTenant(TENANT);
  }

  beforeEach(async () => {
    server = await startFakeGraphServer();
    waits = [];
  });
  afterEach(() => server.close());

  describe('when a collection has several pages', () => {
    it('follows absolute http nextLinks to the end', async () => {
      server.route = (req, res, url) => {
        const page = Number(url.searchParams.get('$skiptoken') ?? 0);
        const next =
          page < 2
            ? `${server.baseUrl}/deviceManagement/intents?$skiptoken=${page + 1}`
            : undefined;
        json(res, 200, {
          '@odata.context': 'x',
          value: [{ id: `p${page}` }],
          ...(next ? { '@odata.nextLink': next } : {}),
        });
      };

      const items = await client().list('deviceManagement/intents');

      expect(items.map((item) => item.id)).toEqual(['p0', 'p1', 'p2']);
      expect(server.requests.map((req) => req.url)).toEqual([
        '/beta/deviceManagement/intents',
        '/beta/deviceManagement/intents?$skiptoken=1',
        '/beta/deviceManagement/intents?$skiptoken=2',
      ]);
    });

    it('refuses a nextLink to another origin and sends it nothing', async () => {
      server.route = (_req, res) =>
        json(res, 200, {
          value: [],
          '@odata.nextLink': 'http://198.51.100.7/beta/steal',
        });

      await expect(
        client().list('deviceManagement/intents'),
      ).rejects.toMatchObject({ code: 'invalid_response' });
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('on every request', () => {
    it('sends the app-only token and a client-request-id', async () => {
      server.route = (_req, res) => json(res, 200, { id: '1' });

      await client().get('deviceManagement/intents/1', {
        clientRequestId: 'corr-1',
      });
      await client().get('deviceManagement/intents/1');

      const [first, second] = server.requests;
      expect(first.headers.authorization).toBe('Bearer token-1');
      expect(first.headers['client-request-id']).toBe('corr-1');
      expect(second.headers['client-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(server.tokenRequests[0].get('grant_type')).toBe(
        'client_credentials',
      );
    });

    it('reuses a cached token across requests', async () => {
      server.route = (_req, res) => json(res, 200, { id: '1' });
      const graph = client();

      await graph.get('a');
      await graph.get('b');

      expect(server.tokenRequests).toHaveLength(1);
    });
  });

  describe('when Graph throttles', () => {
    it('waits the fractional Retry-After seconds, then succeeds', async () => {
      let calls = 0;
      server.route = (_req, res) =>
        ++calls === 1
          ? graphError(res, 429, 'TooManyRequests', { 'retry-after': '0.05' })
          : json(res, 200, { id: 'ok' });

      await expect(client().get('x')).resolves.toEqual({ id: 'ok' });
      expect(waits).toEqual([
        expect.objectContaining({
          status: 429,
          delayMs: 50,
          fromRetryAfter: true,
        }),
      ]);
    });

    it('honours Retry-After as an HTTP date', async () => {
      let calls = 0;
      server.route = (_req, res) =>
        ++calls === 1
          ? graphError(res, 429, 'TooManyRequests', {
              'retry-after': new Date(Date.now() + 1000).toUTCString(),
            })
          : json(res, 200, { id: 'ok' });

      await expect(client().get('x')).resolves.toEqual({ id: 'ok' });
      expect(waits[0].fromRetryAfter).toBe(true);
      expect(waits[0].delayMs).toBeLessThanOrEqual(1000);
    });

    it('backs off with jitter when Retry-After is missing', async () => {
      let calls = 0;
      server.route = (_req, res) =>
        ++calls <= 2
          ? graphError(res, 429, 'TooManyRequests')
          : json(res, 200, { id: 'ok' });

      await expect(client().get('x')).resolves.toEqual({ id: 'ok' });
      expect(waits.map((wait) => wait.fromRetryAfter)).toEqual([false, false]);
      expect(waits[1].delayMs).toBeLessThan(20);
    });

    it('gives up at once when Retry-After asks for more than allowed', async () => {
      server.route = (_req, res) =>
        graphError(res, 429, 'TooManyRequests', { 'retry-after': '3600' });

      await expect(client().get('x')).rejects.toMatchObject({
        code: 'throttled',
        retryable: true,
      });
      expect(server.requests).toHaveLength(1);
    });

    it('gives up after the last attempt with a retryable throttled error', async () => {
      server.route = (_req, res) =>
        graphError(res, 429, 'TooManyRequests', { 'retry-after': '0' });

      const error = await client(FAKE_SECRET, 3)
        .get('x')
        .catch((e) => e);

      expect(error).toMatchObject({
        code: 'throttled',
        retryable: true,
        status: 429,
        graphErrorCode: 'TooManyRequests',
        graphRequestId: 'rid-429',
      });
      expect(error.message).toContain('after 3 attempts');
      expect(server.requests).toHaveLength(3);
    });
  });

  describe('when Graph fails transiently', () => {
    it('retries 503 and 504', async () => {
      const answers = [503, 504];
      server.route = (_req, res) => {
        const status = answers.shift();
        if (status) return graphError(res, status, 'ServiceUnavailable');
        json(res, 200, { id: 'ok' });
      };

      await expect(client().get('x')).resolves.toEqual({ id: 'ok' });
      expect(waits.map((wait) => wait.status)).toEqual([503, 504]);
    });

    it('retries a reset connection', async () => {
      let calls = 0;
      server.route = (req, res) =>
        ++calls === 1 ? req.socket.destroy() : json(res, 200, { id: 'ok' });

      await expect(client().get('x')).resolves.toEqual({ id: 'ok' });
      expect(waits[0].status).toBeUndefined();
    });

    it('retries 500 and 502 too, since reads are idempotent', async () => {
      const answers = [500, 502];
      server.route = (_req, res) => {
        const status = answers.shift();
        if (status) return graphError(res, status, 'InternalError');
        json(res, 200, { id: 'ok' });
      };

      await expect(client().get('x')).resolves.toEqual({ id: 'ok' });
    });

    it('does not retry 501', async () => {
      server.route = (_req, res) => graphError(res, 501, 'NotImplemented');

      await expect(client().get('x')).rejects.toMatchObject({
        code: 'transient',
        retryable: true,
        status: 501,
      });
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('when Graph hangs', () => {
    it('aborts each attempt at the timeout and closes the connection', async () => {
      const closed: boolean[] = [];
      server.route = (req) => req.on('close', () => closed.push(true));

      const started = Date.now();
      const error = await client(FAKE_SECRET, 2)
        .get('x')
        .catch((e) => e);

      expect(error).toMatchObject({ code: 'transient', retryable: true });
      expect(error.message).toContain('timed out after 200 ms');
      expect(Date.now() - started).toBeLessThan(2000);
      expect(server.requests).toHaveLength(2);
      await waitFor('both connections closed', () => closed.length === 2);
    });

    it('stops at once when the caller aborts', async () => {
      const controller = new AbortController();
      // The caller gives up once the request hangs at the server.
      server.route = () => controller.abort();

      const error = await client(FAKE_SECRET, 5)
        .get('x', { signal: controller.signal })
        .catch((e) => e);

      expect(error).toMatchObject({ code: 'transient' });
      expect(error.message).toContain('aborted');
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('when Graph refuses or breaks', () => {
    it('classifies 404 as not_found', async () => {
      server.route = (_req, res) => graphError(res, 404, 'ResourceNotFound');

      await expect(client().get('x')).rejects.toMatchObject({
        code: 'not_found',
        retryable: false,
        graphRequestId: 'rid-404',
      });
    });

    it('refreshes the token once on 401', async () => {
      server.route = (req, res) =>
        req.headers.authorization === 'Bearer token-1'
          ? graphError(res, 401, 'InvalidAuthenticationToken')
          : json(res, 200, { id: 'ok' });

      await expect(client().get('x')).resolves.toEqual({ id: 'ok' });
      expect(server.tokenRequests).toHaveLength(2);
    });

    it('classifies a 401 that survives the refresh as forbidden', async () => {
      server.route = (_req, res) =>
        graphError(res, 401, 'InvalidAuthenticationToken');

      await expect(client().get('x')).rejects.toMatchObject({
        code: 'forbidden',
      });
      expect(server.requests).toHaveLength(2);
    });

    it('classifies 403 as forbidden', async () => {
      server.route = (_req, res) => graphError(res, 403, 'Forbidden');

      await expect(client().get('x')).rejects.toMatchObject({
        code: 'forbidden',
        retryable: false,
      });
    });

    it('reads a malformed body once more before giving up', async () => {
      let calls = 0;
      server.route = (_req, res) => {
        if (++calls > 1) return json(res, 200, { id: 'ok' });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "trunc');
      };

      await expect(client().get('x')).resolves.toEqual({ id: 'ok' });
    });

    it('classifies malformed JSON as invalid_response', async () => {
      server.route = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id": "trunc');
      };

      await expect(client().get('x')).rejects.toMatchObject({
        code: 'invalid_response',
      });
    });

    it('classifies a collection without value as invalid_response', async () => {
      server.route = (_req, res) => json(res, 200, { items: [] });

      await expect(client().list('x')).rejects.toMatchObject({
        code: 'invalid_response',
      });
    });

    it('fails a wrong secret as forbidden without echoing it', async () => {
      const secret = 'Wrong8Q~this-is-not-the-right-secret-0000000';
      const error = await client(secret)
        .get('x')
        .catch((e) => e);

      expect(error).toMatchObject({ code: 'forbidden', status: 401 });
      expect(error.message).toContain('Invalid client secret');
      expect(error.message).not.toContain(secret);
      expect(JSON.stringify(error.details)).not.toContain(secret);
      expect(server.requests).toHaveLength(0);
    });
  });
});
