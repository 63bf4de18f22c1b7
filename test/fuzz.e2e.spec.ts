import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { contractViolation, writeProbe } from './fault/harness/http-checks';
import { seedTenant, SeededTenant } from './support/seed';
import { startTestApp, TestApp } from './support/test-app';

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 60);

type Method = 'get' | 'post';
type Who = 'operator' | 'support' | 'none';

interface Route {
  readonly method: Method;
  /** Path with `{name}` placeholders, each filled from `ids` or fuzzed. */
  readonly path: string;
  readonly who: Who;
  readonly queryKeys?: readonly string[];
  readonly body?: boolean;
  /** Placeholders that must never get their real value (streams, rebuilds). */
  readonly neverReal?: readonly string[];
}

const ROUTES: readonly Route[] = [
  { method: 'get', path: '/health/live', who: 'none' },
  { method: 'get', path: '/health/ready', who: 'none' },
  { method: 'get', path: '/metrics', who: 'none' },
  {
    method: 'get',
    path: '/v1/tenants/{tenantId}/runs',
    who: 'operator',
    queryKeys: ['status', 'cursor', 'limit'],
  },
  {
    method: 'get',
    path: '/v1/tenants/{tenantId}/runs/{runId}',
    who: 'operator',
    // Not `after`: any string sorting above the checkpoint waits its 2 s.
    queryKeys: ['x'],
  },
  {
    method: 'get',
    path: '/v1/tenants/{tenantId}/runs/{runId}/items',
    who: 'operator',
    queryKeys: ['cursor', 'limit'],
  },
  {
    method: 'get',
    path: '/v1/tenants/{tenantId}/runs/{runId}/events',
    who: 'operator',
    queryKeys: ['cursor', 'limit'],
  },
  {
    method: 'get',
    path: '/v1/tenants/{tenantId}/runs/{runId}/live',
    who: 'operator',
    neverReal: ['runId'],
  },
  {
    method: 'get',
    path: '/v1/me/notifications',
    who: 'operator',
    queryKeys: ['unread', 'cursor', 'limit'],
  },
  {
    method: 'post',
    path: '/v1/me/notifications/{notificationId}/read',
    who: 'operator',
    body: true,
  },
  {
    method: 'get',
    path: '/v1/tenants/{tenantId}/backup-sets',
    who: 'operator',
    queryKeys: ['cursor', 'limit'],
  },
  {
    method: 'post',
    path: '/v1/tenants/{tenantId}/backup-sets',
    who: 'operator',
    body: true,
  },
  {
    method: 'get',
    path: '/v1/tenants/{tenantId}/backup-sets/{backupSetId}/items',
    who: 'operator',
    queryKeys: ['cursor', 'limit'],
  },
  {
    method: 'get',
    path: '/v1/tenants/{tenantId}/backup-sets/{backupSetId}/items/{itemId}',
    who: 'operator',
  },
  {
    method: 'post',
    path: '/v1/tenants/{tenantId}/backup-sets/{backupSetId}/add-policies',
    who: 'operator',
    body: true,
  },
  {
    method: 'get',
    path: '/v1/tenants/{tenantId}/policies',
    who: 'operator',
    queryKeys: ['search', 'type', 'cursor', 'limit'],
  },
  {
    method: 'post',
    path: '/v1/tenants/{tenantId}/inventory/sync',
    who: 'operator',
    body: true,
  },
  {
    method: 'get',
    path: '/v1/tenants/{tenantId}/inventory/sync/{syncId}',
    who: 'operator',
  },
  { method: 'get', path: '/v1/admin/projections', who: 'support' },
  {
    method: 'post',
    path: '/v1/admin/projections/{name}/rebuild',
    who: 'support',
    body: true,
    neverReal: ['name'],
  },
];

/** Legal in a request line, hostile to decoders and parsers. */
const RAW_SEGMENTS = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%00',
  '%C0%AF',
  '..',
  '.',
  '%2e%2e',
  '%2F',
  'null',
  'undefined',
  '0',
  '-1',
  'NaN',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  "1'%20OR%20'1'='1",
  'a'.repeat(5_000),
];

const fuzzedSegment = fc.oneof(
  fc.constantFrom(...RAW_SEGMENTS),
  fc.uuid().map((id) => id),
  fc.string({ unit: 'binary', maxLength: 60 }).map(encodeURIComponent),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
);

const queryValue = fc.oneof(
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1',
    '200',
    '201',
    '1e3',
    '1.5',
    '99999999999999999999',
    'true',
    'false',
    'completed',
    'settingsCatalog',
    'bm90LWpzb24',
    'WyJ4Il0',
    '%',
    '%zz',
  ),
  fc.string({ unit: 'binary', maxLength: 80 }).map(encodeURIComponent),
  fc.string({ maxLength: 2_000 }).map(encodeURIComponent),
);

const DEEP = 5_000;
const deepJson = '['.repeat(DEEP) + ']'.repeat(DEEP);
const deepObject =
  '{"policyIds":' + '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP) + '}';

/** A body as sent on the wire with its content type. */
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => ({
    type: 'application/json',
    text: JSON.stringify(value) ?? 'null',
  })),
  fc
    .record(
      {
        policyIds: fc.oneof(
          fc.array(fc.uuid(), { maxLength: 5 }),
          fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 }),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        name: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue()),
        description: fc.jsonValue({ maxDepth: 2 }),
        includeAssignments: fc.jsonValue({ maxDepth: 1 }),
        __proto__: fc.jsonValue({ maxDepth: 2 }),
        constructor: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => ({
      type: 'application/json',
      text: JSON.stringify(value),
    })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({
    type: 'application/json',
    text,
  })),
  fc
    .tuple(
      fc.constantFrom(
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'application/json; charset=utf-16',
        'application/json; charset=koi8-r',
        'application/merge-patch+json',
        '*/*',
        ';;;',
      ),
      fc.string({ maxLength: 200 }),
    )
    .map(([type, text]) => ({ type, text })),
  fc.constantFrom(
    { type: 'application/json', text: deepJson },
    { type: 'application/json', text: deepObject },
    { type: 'application/json', text: '{"policyIds": [' },
    { type: 'application/json', text: '\u0000' },
    { type: 'application/json', text: '"\\ud800"' },
    {
      type: 'application/json',
      text: JSON.stringify({ policyIds: ['x'.repeat(2_000_000)] }),
    },
    {
      type: 'application/x-www-form-urlencoded',
      text: 'policyIds[0][a][b][c]=1&name[]=x&__proto__[x]=1',
    },
  ),
);

const headers = fc.dictionary(
  fc.constantFrom(
    'accept',
    'accept-encoding',
    'content-encoding',
    'x-correlation-id',
    'x-request-id',
    'idempotency-key',
    'if-none-match',
    'range',
    'x-forwarded-for',
  ),
  fc.oneof(
    fc.string({ maxLength: 100 }).filter((v) => /^[\x20-\x7e]*$/.test(v)),
    fc.constantFrom('gzip', 'deflate, br', 'bytes=0-1', 'application/xml'),
  ),
  { maxKeys: 3 },
);

const authorization = fc.oneof(
  { weight: 6, arbitrary: fc.constant('valid') },
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Basic dXNlcjpwYXNz',
    'Bearer a.b.c',
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    'bearer    x',
  ),
  fc
    .string({ maxLength: 200 })
    .filter((v) => /^[\x20-\x7e]*$/.test(v))
    .map((v) => `Bearer ${v}`),
);

describe('every HTTP route under fuzzed input', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let tokens: Record<Exclude<Who, 'none'>, string>;
  let real: Record<string, string>;
  let probe: Awaited<ReturnType<typeof writeProbe>>;

  beforeAll(async () => {
    t = await startTestApp('fuzz');
    tenant = await seedTenant(t.app, 6);
    tokens = {
      operator: await t.token([[tenant.tenantId, 'operator']], 'fuzzer'),
      support: await t.token([[tenant.tenantId, 'support']], 'fuzz-support'),
    };
    const accepted = await request(t.app.getHttpServer())
      .post(
        `/v1/tenants/${tenant.tenantId}/backup-sets/${tenant.backupSetId}/add-policies`,
      )
      .auth(tokens.operator, { type: 'bearer' })
      .send({ policyIds: tenant.policyIds.slice(0, 3) })
      .expect(202);
    real = {
      tenantId: tenant.tenantId,
      backupSetId: tenant.backupSetId,
      runId: accepted.body.runId,
      itemId: randomUUID(),
      notificationId: randomUUID(),
      syncId: randomUUID(),
      name: 'bulk-operation-runs',
    };
    probe = await writeProbe(t.app.get(DataSource), t.redisPrefix);
  });

  afterAll(async () => {
    probe?.close();
    await t?.close();
  });

  function fill(route: Route, fuzzed: Record<string, string | null>) {
    return route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = fuzzed[name];
      if (value !== null && value !== undefined) return value;
      return route.neverReal?.includes(name) ? randomUUID() : real[name];
    });
  }

  function caseOf(route: Route) {
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const segment = fc.option(fuzzedSegment, { freq: 2, nil: null });
    return fc.record({
      segments: fc.record(
        Object.fromEntries(names.map((name) => [name, segment])),
      ),
      query: fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(...(route.queryKeys ?? ['x']), '__proto__', ''),
            fc.string({ maxLength: 10 }).map(encodeURIComponent),
          ),
          queryValue,
        ),
        { maxLength: 4 },
      ),
      body: route.body
        ? fc.option(body, { nil: undefined })
        : fc.constant(undefined),
      headers,
      authorization,
    });
  }

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route]))(
    '%s: never a 5xx, every error a problem, no write on rejection',
    async (_, route) => {
      await fc.assert(
        fc.asyncProperty(caseOf(route), async (input) => {
          const path = fill(route, input.segments as Record<string, string>);
          const query = input.query
            .map(([key, value]) => `${key}=${value}`)
            .join('&');
          const url = query ? `${path}?${query}` : path;
          const before = await probe.snapshot();

          let call = request(t.app.getHttpServer())[route.method](url);
          for (const [name, value] of Object.entries(input.headers)) {
            call = call.set(name, value);
          }
          if (route.who !== 'none') {
            call = call.set(
              'authorization',
              input.authorization === 'valid'
                ? `Bearer ${tokens[route.who]}`
                : input.authorization,
            );
          }
          if (input.body) {
            call = call.set('content-type', input.body.type);
            call = call.send(input.body.text);
          }
          const response = await call;

          const violation = contractViolation(response);
          if (violation) throw new Error(`${violation} for ${url}`);
          if (response.status >= 400) {
            expect(await probe.snapshot()).toBe(before);
          }
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    },
    120_000,
  );

  describe('hostile bodies on the command route', () => {
    const addPath = () =>
      `/v1/tenants/${tenant.tenantId}/backup-sets/${tenant.backupSetId}/add-policies`;
    const send = (type: string, text: string | Buffer) =>
      request(t.app.getHttpServer())
        .post(addPath())
        .set('authorization', `Bearer ${tokens.operator}`)
        .set('content-type', type)
        .send(text);

    it.each([
      [
        'an oversized payload',
        'application/json',
        JSON.stringify({ policyIds: Array(60_000).fill(randomUUID()) }),
        413,
      ],
      ['deeply nested JSON', 'application/json', deepObject, 400],
      ['truncated JSON', 'application/json', '{"policyIds": [', 400],
      ['a text body', 'text/plain', 'policyIds=1', 400],
      ['an XML body', 'application/xml', '<policyIds/>', 400],
    ] as const)(
      'refuses %s with a problem and writes nothing',
      async (_, type, text, status) => {
        const before = await probe.snapshot();

        const response = await send(type, text);

        expect(contractViolation(response)).toBeUndefined();
        expect(response.status).toBe(status);
        expect(await probe.snapshot()).toBe(before);
      },
    );
  });
});
