import { createHash } from 'node:crypto';

import { TenantSpec } from '../simulator-options';
import {
  seedMobileAppConfiguration,
  seedTargetedManagedAppConfiguration,
} from './app-configurations';
import { seedAppProtection } from './app-protection';
import { seedAdministrativeTemplate } from './administrative-templates';
import { seedCompliancePolicy } from './compliance-policies';
import { uuidFrom } from './deterministic';
import { seedDeviceConfiguration } from './device-configurations';
import { seedFoundations } from './foundations';
import { seedIntent } from './intents';
import { Resource, resource } from './resource';
import { scriptSeeder } from './scripts';
import { Foundations, SeedContext } from './seed-context';
import {
  POLICY_COLLECTIONS,
  SeededPolicy,
  SeededResource,
  SIMULATED_POLICY_TYPES,
  SimulatedPolicyType,
} from './seeded-policy';
import { seedSettingsCatalog } from './settings-catalog';
import { seedWindowsProfile } from './windows-profiles';

type Seeder = (
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
) => SeededResource;

const SEEDERS: Record<SimulatedPolicyType, Seeder> = {
  deviceConfiguration: seedDeviceConfiguration,
  settingsCatalog: seedSettingsCatalog,
  administrativeTemplate: seedAdministrativeTemplate,
  compliancePolicy: seedCompliancePolicy,
  deviceManagementScript: scriptSeeder('deviceManagementScript'),
  deviceShellScript: scriptSeeder('deviceShellScript'),
  deviceHealthScript: scriptSeeder('deviceHealthScript'),
  autopilotProfile: (...args) =>
    seedWindowsProfile('autopilotProfile', ...args),
  enrollmentConfiguration: (...args) =>
    seedWindowsProfile('enrollmentConfiguration', ...args),
  featureUpdateProfile: (...args) =>
    seedWindowsProfile('featureUpdateProfile', ...args),
  qualityUpdateProfile: (...args) =>
    seedWindowsProfile('qualityUpdateProfile', ...args),
  intent: seedIntent,
  iosAppProtection: (...args) => seedAppProtection('ios', ...args),
  androidAppProtection: (...args) => seedAppProtection('android', ...args),
  mobileAppConfiguration: seedMobileAppConfiguration,
  targetedManagedAppConfiguration: seedTargetedManagedAppConfiguration,
};

/** Collections a capture may list that this simulator keeps empty. */
const EMPTY_COLLECTIONS = [
  'deviceManagement/windowsDriverUpdateProfiles',
  'deviceManagement/compliancePolicies',
  'deviceManagement/deviceCustomAttributeShellScripts',
  'deviceManagement/groupPolicyUploadedDefinitionFiles',
  'deviceAppManagement/windowsManagedAppProtections',
  'deviceAppManagement/mdmWindowsInformationProtectionPolicies',
  'deviceAppManagement/windowsInformationProtectionPolicies',
];

const MIXED_APP_POLICY_SOURCES = [
  'deviceAppManagement/iosManagedAppProtections',
  'deviceAppManagement/androidManagedAppProtections',
  'deviceAppManagement/targetedManagedAppConfigurations',
];

export interface SeededTenantData {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Top-level collections by path below the Graph base URL. */
  readonly collections: ReadonlyMap<string, readonly Resource[]>;
  readonly policies: readonly SeededPolicy[];
}

export function seedTenant(
  seed: number,
  position: number,
  spec: TenantSpec,
): SeededTenantData {
  const tenantId = spec.tenantId ?? uuidFrom(seed, 'tenant', position);
  const ctx = new SeedContext(seed, tenantId);
  const foundation = seedFoundations(ctx);
  const collections = new Map<string, Resource[]>();
  const policies: SeededPolicy[] = [];
  for (const type of SIMULATED_POLICY_TYPES) {
    for (let index = 0; index < countFor(spec, type); index += 1) {
      const seeded = SEEDERS[type](ctx, foundation.foundations, index);
      policies.push(seeded.policy);
      const path = seeded.policy.collectionPath;
      collections.set(path, [
        ...(collections.get(path) ?? []),
        seeded.resource,
      ]);
    }
  }
  collections.set('deviceManagement/roleScopeTags', foundation.roleScopeTags);
  collections.set(
    'deviceManagement/assignmentFilters',
    foundation.assignmentFilters,
  );
  collections.set(
    'deviceManagement/notificationMessageTemplates',
    foundation.notificationMessageTemplates,
  );
  collections.set('deviceAppManagement/mobileApps', foundation.mobileApps);
  collections.set(
    'deviceAppManagement/managedAppPolicies',
    MIXED_APP_POLICY_SOURCES.flatMap((path) =>
      (collections.get(path) ?? []).map((item) =>
        resource(item.properties as Parameters<typeof resource>[0]),
      ),
    ),
  );
  for (const path of EMPTY_COLLECTIONS) {
    if (!collections.has(path)) collections.set(path, []);
  }
  for (const path of Object.values(POLICY_COLLECTIONS)) {
    if (!collections.has(path)) collections.set(path, []);
  }
  return {
    tenantId,
    clientId: spec.clientId ?? uuidFrom(seed, tenantId, 'client'),
    clientSecret: spec.clientSecret ?? secretFor(seed, tenantId),
    collections,
    policies,
  };
}

function countFor(spec: TenantSpec, type: SimulatedPolicyType): number {
  const perType = spec.policiesPerType ?? 3;
  return typeof perType === 'number' ? perType : (perType[type] ?? 0);
}

/** Shaped like an Entra client secret; deterministic for the demo. */
function secretFor(seed: number, tenantId: string): string {
  const digest = createHash('sha256')
    .update(`${seed}:${tenantId}:secret`)
    .digest('base64url');
  return `Sim8Q~${digest.slice(0, 34)}`;
}
