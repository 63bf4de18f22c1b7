import {
  GraphSimulator,
  SeededPolicy,
  startGraphSimulator,
} from '../../../../apps/graph-simulator/src';
import { GraphClientFactory } from '../client/graph-client.factory';
import { UnlimitedRateLimiter } from '../client/rate-limit/tenant-rate-limiter';
import { GraphObject } from '../client/graph-tenant-client';
import { PolicySnapshot } from '../snapshot/policy-snapshot';
import {
  SIMULATED_TO_POLICY_TYPE,
  simulatorClientOptions,
  simulatorTenants,
} from '../testing/simulator-graph';
import { CaptureStrategyRegistry } from './capture-strategy-registry';
import { PolicyCaptureService } from './policy-capture.service';

const ALL = {
  includeAssignments: true,
  includeScopeTags: true,
  includeFoundations: true,
};

async function captureAll(
  service: PolicyCaptureService,
  tenantId: string,
  policies: readonly SeededPolicy[],
  options = ALL,
) {
  const snapshots = new Map<string, PolicySnapshot>();
  for (const policy of policies) {
    snapshots.set(
      policy.id,
      await service.capturePolicy(
        tenantId,
        {
          policyType: SIMULATED_TO_POLICY_TYPE[policy.type],
          graphId: policy.id,
        },
        options,
      ),
    );
  }
  return snapshots;
}

function captureService(simulator: GraphSimulator) {
  const { tenants, credentials } = simulatorTenants(simulator);
  const factory = new GraphClientFactory(
    simulatorClientOptions(simulator),
    credentials,
    new UnlimitedRateLimiter(),
  );
  const service = new PolicyCaptureService(
    factory,
    new CaptureStrategyRegistry(),
  );
  return { service, tenants };
}

describe('PolicyCaptureService against the Graph simulator', () => {
  let simulator: GraphSimulator;
  let service: PolicyCaptureService;
  let tenantId: string;
  let policies: readonly SeededPolicy[];
  let snapshots: Map<string, PolicySnapshot>;

  beforeAll(async () => {
    simulator = await startGraphSimulator({ seed: 11 });
    const built = captureService(simulator);
    service = built.service;
    tenantId = built.tenants[0].tenantId;
    policies = built.tenants[0].simulated.policies;
    snapshots = await captureAll(service, tenantId, policies);
  });
  afterAll(() => simulator?.close());

  const of = (type: string) => policies.filter((p) => p.type === type);
  const policyOf = (seeded: SeededPolicy) =>
    snapshots.get(seeded.id)!.content.policy;

  describe('with every option on', () => {
    it('captures every seeded policy of every type', () => {
      expect(new Set(policies.map((p) => p.type)).size).toBe(
        Object.keys(SIMULATED_TO_POLICY_TYPE).length,
      );
      for (const seeded of policies) {
        const snapshot = snapshots.get(seeded.id)!;
        expect(snapshot.content.policy.id).toBe(seeded.id);
        expect(snapshot.content.policy['@odata.type']).toBe(seeded.odataType);
        expect(snapshot.policyType).toBe(SIMULATED_TO_POLICY_TYPE[seeded.type]);
        expect(snapshot.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(snapshot.graphRequests).toBeGreaterThan(0);
      }
    });

    it('keeps every settings catalog setting, 60 where there are 60', () => {
      const seeded = of('settingsCatalog');
      expect(seeded.some((p) => p.settingsCount === 60)).toBe(true);
      for (const policy of seeded) {
        expect(policyOf(policy).settings).toHaveLength(policy.settingsCount);
      }
    });

    it('keeps every endpoint security intent setting', () => {
      for (const policy of of('intent')) {
        expect(policyOf(policy).settings).toHaveLength(policy.settingsCount);
      }
    });

    it('keeps administrative template values with their presentation values', () => {
      const seeded = of('administrativeTemplate');
      expect(seeded.some((p) => p.settingsCount > 25)).toBe(true);
      for (const policy of seeded) {
        const values = policyOf(policy).definitionValues as GraphObject[];
        expect(values).toHaveLength(policy.settingsCount);
        const presentations = values.flatMap(
          (value) => value.presentationValues as GraphObject[],
        );
        expect(presentations).toHaveLength(policy.counts.presentationValues);
        for (const value of values) expect(value.definition).toBeDefined();
        for (const presentation of presentations) {
          expect(presentation.presentation).toBeDefined();
        }
      }
    });

    it('resolves encrypted OMA values to plain text', () => {
      const custom = of('deviceConfiguration').filter(
        (p) => (p.counts.encryptedOmaSettings ?? 0) > 0,
      );
      expect(custom.length).toBeGreaterThan(0);
      for (const policy of custom) {
        const settings = policyOf(policy).omaSettings as GraphObject[];
        expect(settings).toHaveLength(policy.settingsCount);
        const encrypted = settings.filter((s) => s.isEncrypted === true);
        expect(encrypted).toHaveLength(policy.counts.encryptedOmaSettings);
        for (const setting of encrypted) {
          expect(String(setting.value)).toMatch(/^<enabled\/>/);
          expect(setting.secretReferenceValueId).toEqual(expect.any(String));
        }
      }
    });

    it('includes script content that lists leave out', () => {
      for (const type of ['deviceManagementScript', 'deviceShellScript']) {
        for (const policy of of(type)) {
          expect(policyOf(policy).scriptContent).toEqual(expect.any(String));
        }
      }
      for (const policy of of('deviceHealthScript')) {
        expect(policyOf(policy).detectionScriptContent).toEqual(
          expect.any(String),
        );
        expect(policyOf(policy).remediationScriptContent).toEqual(
          expect.any(String),
        );
      }
    });

    it('reads app protection and managed app configurations with their apps', () => {
      const withApps = [
        ...of('iosAppProtection'),
        ...of('androidAppProtection'),
        ...of('targetedManagedAppConfiguration'),
      ];
      for (const policy of withApps) {
        expect(policyOf(policy).apps).toHaveLength(policy.counts.apps);
      }
    });

    it('reads compliance policies with scheduled actions and their configurations', () => {
      for (const policy of of('compliancePolicy')) {
        const rules = policyOf(policy).scheduledActionsForRule as GraphObject[];
        expect(rules.length).toBeGreaterThan(0);
        expect(rules[0].scheduledActionConfigurations).toEqual(
          expect.any(Array),
        );
      }
    });

    it('keeps every assignment, sorted by id', () => {
      for (const seeded of policies) {
        const assignments = snapshots.get(seeded.id)!.content.assignments!;
        expect(assignments).toHaveLength(seeded.assignmentsCount);
        const ids = assignments.map((a) => String(a.id));
        expect(ids).toEqual([...ids].sort());
      }
    });

    it('resolves scope tag names beside the raw ids', () => {
      const names = new Map(
        simulator.tenants[0].scopeTags.map((t) => [t.id, t.displayName]),
      );
      for (const seeded of policies) {
        const { content } = snapshots.get(seeded.id)!;
        expect(content.policy.roleScopeTagIds).toEqual(seeded.roleScopeTagIds);
        expect(content.scopeTags).toEqual(
          [...seeded.roleScopeTagIds].sort().map((id) => ({
            id,
            displayName: names.get(id) ?? null,
          })),
        );
      }
    });

    it('adds referenced scope tags and assignment filters as foundations', () => {
      const filterIds = new Set(
        simulator.tenants[0].assignmentFilters.map((f) => f.id),
      );
      let filtersSeen = 0;
      for (const seeded of policies) {
        const { content } = snapshots.get(seeded.id)!;
        const used = content.assignments!.map(
          (a) =>
            (a.target as GraphObject).deviceAndAppManagementAssignmentFilterId,
        );
        for (const filter of content.foundations!.assignmentFilters) {
          expect(filterIds.has(String(filter.id))).toBe(true);
          expect(used).toContain(filter.id);
          filtersSeen += 1;
        }
        for (const tag of content.foundations!.scopeTags) {
          expect(seeded.roleScopeTagIds).toContain(tag.id);
          expect(tag.isBuiltIn).not.toBe(true);
        }
      }
      expect(filtersSeen).toBeGreaterThan(0);
    });

    it('adds the notification templates compliance actions send', () => {
      const compliance = of('compliancePolicy');
      const templates = compliance.flatMap(
        (p) => snapshots.get(p.id)!.content.foundations!.notificationTemplates,
      );
      expect(templates.length).toBeGreaterThan(0);
      for (const template of templates) {
        expect(template.localizedNotificationMessages).toHaveLength(2);
      }
    });
  });

  describe('with no options', () => {
    it('captures the policy alone', async () => {
      const seeded = of('settingsCatalog')[0];
      const snapshot = await service.capturePolicy(tenantId, {
        policyType: 'settingsCatalog',
        graphId: seeded.id,
      });

      expect(snapshot.content.assignments).toBeUndefined();
      expect(snapshot.content.scopeTags).toBeUndefined();
      expect(snapshot.content.foundations).toBeUndefined();
      expect(snapshot.content.policy.settings).toHaveLength(
        seeded.settingsCount,
      );
    });
  });

  describe('when the same policy is captured again', () => {
    it('gives the same hash', async () => {
      const seeded = of('administrativeTemplate')[0];
      const again = await service.capturePolicy(
        tenantId,
        { policyType: 'administrativeTemplate', graphId: seeded.id },
        ALL,
      );

      expect(again.hash).toBe(snapshots.get(seeded.id)!.hash);
    });
  });

  describe('when the policy is gone or unknown', () => {
    it('fails a deleted policy with not_found', async () => {
      const seeded = of('deviceConfiguration')[1];
      const simulatedTenant = simulator.tenants[0].tenantId;
      simulator.deletePolicy(simulatedTenant, seeded.id);

      await expect(
        service.capturePolicy(tenantId, {
          policyType: 'deviceConfiguration',
          graphId: seeded.id,
        }),
      ).rejects.toMatchObject({ code: 'not_found', retryable: false });
    });

    it('fails an app protection id missing from its typed collection', async () => {
      const ios = of('iosAppProtection')[0];

      await expect(
        service.capturePolicy(tenantId, {
          policyType: 'appProtectionWindows',
          graphId: ios.id,
        }),
      ).rejects.toMatchObject({ code: 'not_found' });
    });

    it('fails an unknown policy type with unsupported_type', async () => {
      await expect(
        service.capturePolicy(tenantId, {
          policyType: 'printerProfile',
          graphId: 'x',
        }),
      ).rejects.toMatchObject({ code: 'unsupported_type', retryable: false });
    });
  });
});

describe('PolicyCaptureService hashes across pagings', () => {
  it('gives the same hashes whatever the page size', async () => {
    const small = await startGraphSimulator({ seed: 5, pageSize: 7 });
    const large = await startGraphSimulator({ seed: 5, pageSize: 100 });
    try {
      const a = captureService(small);
      const b = captureService(large);
      const seeded = a.tenants[0].simulated.policies;

      const viaSmall = await captureAll(
        a.service,
        a.tenants[0].tenantId,
        seeded,
      );
      const viaLarge = await captureAll(
        b.service,
        b.tenants[0].tenantId,
        seeded,
      );

      for (const policy of seeded) {
        expect(viaSmall.get(policy.id)!.hash).toBe(
          viaLarge.get(policy.id)!.hash,
        );
      }
      const requests = (snapshots: Map<string, PolicySnapshot>) =>
        [...snapshots.values()].reduce((sum, s) => sum + s.graphRequests, 0);
      expect(requests(viaSmall)).toBeGreaterThan(requests(viaLarge));
    } finally {
      await small.close();
      await large.close();
    }
  });
});
