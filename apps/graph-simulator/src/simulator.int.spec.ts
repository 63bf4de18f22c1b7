import { GraphSimulator, startGraphSimulator } from './simulator';
import {
  accessToken,
  call,
  GraphObject,
  postForm,
  readAllPages,
} from './testing/http-test-client';

const TENANT_B = '11111111-2222-4333-8444-555555555555';

describe('Graph simulator over HTTP', () => {
  let simulator: GraphSimulator;
  let token: string;
  const get = (path: string, headers: Record<string, string> = {}) =>
    call(`${simulator.baseUrl}/${path}`, {
      headers: { Authorization: `Bearer ${token}`, ...headers },
    });
  const json = async (path: string) => {
    const answer = await get(path);
    expect(answer.status).toBe(200);
    return JSON.parse(answer.text) as GraphObject & { value: GraphObject[] };
  };
  const policyOf = (
    type: string,
    predicate = (_: { settingsCount: number }) => true,
  ) =>
    simulator.tenants[0].policies.find(
      (policy) => policy.type === type && predicate(policy),
    )!;

  beforeAll(async () => {
    simulator = await startGraphSimulator({
      seed: 7,
      tenants: [
        { policiesPerType: 2 },
        {
          tenantId: TENANT_B,
          clientSecret: 'tenant-b-secret',
          policiesPerType: { settingsCatalog: 1 },
        },
      ],
    });
    token = await accessToken(simulator, simulator.tenants[0]);
  });

  afterAll(() => simulator.close());

  describe('token endpoint', () => {
    const form = (
      secret: string,
      clientId = simulator.tenants[0].clientId,
    ) => ({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
      scope: 'https://graph.microsoft.com/.default',
    });

    it('issues a bearer token for the right client secret', async () => {
      const tenant = simulator.tenants[0];
      const answer = await postForm(
        simulator.tokenUrl(tenant.tenantId),
        form(tenant.clientSecret),
      );

      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({
        token_type: 'Bearer',
        expires_in: 3599,
        access_token: expect.stringMatching(/^eyJ/),
      });
    });

    it('rejects a wrong secret with invalid_client and does not echo it', async () => {
      const answer = await postForm(
        simulator.tokenUrl(simulator.tenants[0].tenantId),
        form('wrong-secret-value'),
      );

      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text)).toMatchObject({
        error: 'invalid_client',
        error_description: expect.stringContaining('AADSTS7000215'),
      });
      expect(answer.text).not.toContain('wrong-secret-value');
    });

    it('rejects an unknown client id and an unknown tenant', async () => {
      const tenant = simulator.tenants[0];
      const wrongClient = await postForm(
        simulator.tokenUrl(tenant.tenantId),
        form(tenant.clientSecret, TENANT_B),
      );
      const wrongTenant = await postForm(
        simulator.tokenUrl('99999999-0000-4000-8000-000000000000'),
        form(tenant.clientSecret),
      );

      expect(wrongClient.status).toBe(400);
      expect(JSON.parse(wrongClient.text).error).toBe('unauthorized_client');
      expect(wrongTenant.status).toBe(400);
      expect(JSON.parse(wrongTenant.text).error).toBe('invalid_tenant');
    });
  });

  describe('authentication of Graph requests', () => {
    it('answers 401 with a Graph error body without a token', async () => {
      const answer = await call(
        `${simulator.baseUrl}/deviceManagement/intents`,
      );

      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.text).error).toMatchObject({
        code: 'InvalidAuthenticationToken',
        innerError: { 'request-id': answer.headers['request-id'] },
      });
    });

    it('answers 401 to a token another simulator issued', async () => {
      const other = await startGraphSimulator({ seed: 7 });
      try {
        const foreign = await accessToken(other, other.tenants[0]);
        const answer = await call(
          `${simulator.baseUrl}/deviceManagement/intents`,
          { headers: { Authorization: `Bearer ${foreign}` } },
        );

        expect(answer.status).toBe(401);
      } finally {
        await other.close();
      }
    });

    it("binds tokens to their tenant: another tenant's policy is not found", async () => {
      const tenantB = simulator.tenant(TENANT_B);
      const tokenB = await accessToken(simulator, tenantB);
      const policyOfA = policyOf('settingsCatalog');
      const answer = await call(
        `${simulator.baseUrl}/deviceManagement/configurationPolicies/${policyOfA.id}`,
        { headers: { Authorization: `Bearer ${tokenB}` } },
      );

      expect(answer.status).toBe(404);
      expect(simulator.requestCount(TENANT_B)).toBe(1);
    });
  });

  describe('paging of a settings catalog policy with 60 settings', () => {
    const settingsPath = () =>
      `${simulator.baseUrl}/deviceManagement/configurationPolicies/${policyOf('settingsCatalog', (p) => p.settingsCount === 60).id}/settings`;
    const expectedIds = Array.from({ length: 60 }, (_, i) => String(i));

    it('returns every setting exactly once over pages of 25', async () => {
      const { items, pages } = await readAllPages(settingsPath(), token);

      expect(pages).toBe(3);
      expect(items.map((item) => item.id)).toEqual(expectedIds);
    });

    it('honours $top as the page size', async () => {
      const { items, pages } = await readAllPages(
        `${settingsPath()}?$top=7`,
        token,
      );

      expect(pages).toBe(9);
      expect(items.map((item) => item.id)).toEqual(expectedIds);
    });

    it('writes next links on its own origin with the options kept', async () => {
      const page = await call(`${settingsPath()}?$top=10`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const next = JSON.parse(page.text)['@odata.nextLink'] as string;

      expect(next.startsWith(`${simulator.baseUrl}/deviceManagement/`)).toBe(
        true,
      );
      expect(next).toContain('$top=10');
      expect(next).toContain('$skiptoken=');
    });

    it('pages assignments beyond 25 too', async () => {
      const policy = policyOf('settingsCatalog', (p) => p.settingsCount !== 60);
      const { items, pages } = await readAllPages(
        `${simulator.baseUrl}/deviceManagement/configurationPolicies/${policy.id}/assignments`,
        token,
      );

      expect(policy.assignmentsCount).toBe(30);
      expect(pages).toBe(2);
      expect(new Set(items.map((item) => item.id)).size).toBe(30);
    });
  });

  describe('$expand and $select', () => {
    it('inlines all 60 settings with $expand=settings', async () => {
      const policy = policyOf('settingsCatalog', (p) => p.settingsCount === 60);
      const body = await json(
        `deviceManagement/configurationPolicies/${policy.id}?$expand=settings`,
      );

      expect(body.settings).toHaveLength(60);
      expect(body['@odata.type']).toBe(
        '#microsoft.graph.deviceManagementConfigurationPolicy',
      );
    });

    it('keeps only the selected properties plus id and @odata.type', async () => {
      const body = await json(
        'deviceManagement/deviceConfigurations?$select=displayName',
      );

      for (const item of body.value) {
        expect(Object.keys(item).sort()).toEqual(
          ['@odata.type', 'displayName', 'id'].sort(),
        );
      }
    });

    it('expands compliance scheduled actions with their configurations', async () => {
      const body = await json(
        'deviceManagement/deviceCompliancePolicies?$expand=scheduledActionsForRule($expand=scheduledActionConfigurations)',
      );
      const rules = body.value[0].scheduledActionsForRule as GraphObject[];

      expect(rules).toHaveLength(1);
      expect(
        (rules[0].scheduledActionConfigurations as GraphObject[]).map(
          (action) => action.actionType,
        ),
      ).toEqual(expect.arrayContaining(['block', 'notification']));
    });

    it('expands definitions and presentations of administrative templates', async () => {
      const policy = policyOf('administrativeTemplate');
      const { items: values } = await readAllPages(
        `${simulator.baseUrl}/deviceManagement/groupPolicyConfigurations/${policy.id}/definitionValues?$expand=definition`,
        token,
      );
      let presentations = 0;
      for (const value of values) {
        expect(value.definition).toMatchObject({ policyType: 'admxBacked' });
        const { items } = await readAllPages(
          `${simulator.baseUrl}/deviceManagement/groupPolicyConfigurations/${policy.id}/definitionValues/${String(value.id)}/presentationValues?$expand=presentation`,
          token,
        );
        for (const item of items) expect(item.presentation).toBeDefined();
        presentations += items.length;
      }

      expect(values).toHaveLength(policy.settingsCount);
      expect(presentations).toBe(policy.counts.presentationValues);
    });

    it('expands apps from the type-specific app protection collection', async () => {
      const policy = policyOf('iosAppProtection');
      const body = await json(
        `deviceAppManagement/iosManagedAppProtections/${policy.id}?$expand=apps`,
      );

      expect(body.apps).toHaveLength(policy.counts.apps);
    });

    it('lists app protection of every platform in managedAppPolicies but refuses $expand=apps there', async () => {
      const body = await json('deviceAppManagement/managedAppPolicies');
      const expanded = await get(
        'deviceAppManagement/managedAppPolicies?$expand=apps',
      );

      expect(new Set(body.value.map((item) => item['@odata.type']))).toEqual(
        new Set([
          '#microsoft.graph.iosManagedAppProtection',
          '#microsoft.graph.androidManagedAppProtection',
          '#microsoft.graph.targetedManagedAppConfiguration',
        ]),
      );
      expect(expanded.status).toBe(400);
    });
  });

  describe('reads that need the object by id', () => {
    it('returns script content only when a script is read by id', async () => {
      const policy = policyOf('deviceManagementScript');
      const list = await json('deviceManagement/deviceManagementScripts');
      const single = await json(
        `deviceManagement/deviceManagementScripts/${policy.id}`,
      );

      expect(list.value.every((item) => item.scriptContent === null)).toBe(
        true,
      );
      expect(
        Buffer.from(String(single.scriptContent), 'base64').toString(),
      ).toContain('Write-Output');
    });

    it('resolves an encrypted OMA setting with getOmaSettingPlainTextValue', async () => {
      const policy = policyOf('deviceConfiguration');
      const body = await json(
        `deviceManagement/deviceConfigurations/${policy.id}`,
      );
      const encrypted = (body.omaSettings as GraphObject[]).find(
        (setting) => setting.isEncrypted,
      )!;
      const plain = await json(
        `deviceManagement/deviceConfigurations/${policy.id}/getOmaSettingPlainTextValue(secretReferenceValueId='${String(encrypted.secretReferenceValueId)}')`,
      );

      expect(policy.odataType).toBe(
        '#microsoft.graph.windows10CustomConfiguration',
      );
      expect(plain.value).toMatch(/^<enabled\/>/);
    });

    it('references scope tags and assignment filters that exist', async () => {
      const tenant = simulator.tenants[0];
      const tagIds = new Set(tenant.scopeTags.map((tag) => tag.id));
      const filterIds = new Set(tenant.assignmentFilters.map((f) => f.id));
      const targets: GraphObject[] = [];
      for (const policy of tenant.policies.slice(0, 12)) {
        for (const tag of policy.roleScopeTagIds) expect(tagIds).toContain(tag);
        const { items } = await readAllPages(
          `${simulator.baseUrl}/${policy.collectionPath}/${policy.id}/assignments`,
          token,
        );
        targets.push(...items.map((item) => item.target as GraphObject));
      }
      const filtered = targets.filter(
        (target) => target.deviceAndAppManagementAssignmentFilterId,
      );

      expect(tagIds).toContain('0');
      expect(filtered.length).toBeGreaterThan(0);
      for (const target of filtered) {
        expect(filterIds).toContain(
          target.deviceAndAppManagementAssignmentFilterId,
        );
      }
    });
  });

  describe('errors and headers', () => {
    it('answers 404 ResourceNotFound for an unknown id and echoes client-request-id', async () => {
      const answer = await get(
        'deviceManagement/intents/00000000-0000-4000-8000-000000000000',
        { 'client-request-id': 'my-client-id' },
      );
      const error = JSON.parse(answer.text).error;

      expect(answer.status).toBe(404);
      expect(answer.headers['client-request-id']).toBe('my-client-id');
      expect(error).toMatchObject({
        code: 'ResourceNotFound',
        innerError: {
          'request-id': answer.headers['request-id'],
          'client-request-id': 'my-client-id',
        },
      });
    });

    it('hides a deleted policy from lists and reads', async () => {
      const tenant = simulator.tenant(TENANT_B);
      const tokenB = await accessToken(simulator, tenant);
      const policy = tenant.policies[0];
      simulator.deletePolicy(TENANT_B, policy.id);
      const list = await readAllPages(
        `${simulator.baseUrl}/${policy.collectionPath}`,
        tokenB,
      );
      const read = await call(
        `${simulator.baseUrl}/${policy.collectionPath}/${policy.id}/settings`,
        { headers: { Authorization: `Bearer ${tokenB}` } },
      );

      expect(list.items).toHaveLength(0);
      expect(read.status).toBe(404);
    });

    it('logs each Graph request with method, path and status', async () => {
      simulator.clearRequestLog(simulator.tenants[0].tenantId);
      await get('deviceManagement/roleScopeTags');

      expect(simulator.requestLog(simulator.tenants[0].tenantId)).toEqual([
        expect.objectContaining({
          method: 'GET',
          path: '/beta/deviceManagement/roleScopeTags',
          status: 200,
        }),
      ]);
    });
  });

  describe('seeding', () => {
    const listing = async (instance: GraphSimulator, path: string) => {
      const tenant = instance.tenants[0];
      const { items } = await readAllPages(
        `${instance.baseUrl}/${path}?$expand=settings`,
        await accessToken(instance, tenant),
      );
      return { tenant: { ...tenant, policies: undefined }, items };
    };

    it('produces identical tenants and listings for the same seed', async () => {
      const first = await startGraphSimulator({ seed: 99 });
      const second = await startGraphSimulator({ seed: 99 });
      const third = await startGraphSimulator({ seed: 100 });
      try {
        const path = 'deviceManagement/configurationPolicies';
        const [a, b, c] = await Promise.all(
          [first, second, third].map((instance) => listing(instance, path)),
        );

        expect(first.tenants).toEqual(second.tenants);
        expect(b).toEqual(a);
        expect(a.items).toHaveLength(3);
        expect(c.items[0].id).not.toBe(a.items[0].id);
      } finally {
        await Promise.all([first.close(), second.close(), third.close()]);
      }
    });
  });
});
