import { Resource } from './resource';

/** Every kind of policy the simulator seeds. */
export const SIMULATED_POLICY_TYPES = [
  'deviceConfiguration',
  'settingsCatalog',
  'administrativeTemplate',
  'compliancePolicy',
  'deviceManagementScript',
  'deviceShellScript',
  'deviceHealthScript',
  'autopilotProfile',
  'enrollmentConfiguration',
  'featureUpdateProfile',
  'qualityUpdateProfile',
  'intent',
  'iosAppProtection',
  'androidAppProtection',
  'mobileAppConfiguration',
  'targetedManagedAppConfiguration',
] as const;

export type SimulatedPolicyType = (typeof SIMULATED_POLICY_TYPES)[number];

/** Where each type lists, below the Graph base URL. */
export const POLICY_COLLECTIONS: Record<SimulatedPolicyType, string> = {
  deviceConfiguration: 'deviceManagement/deviceConfigurations',
  settingsCatalog: 'deviceManagement/configurationPolicies',
  administrativeTemplate: 'deviceManagement/groupPolicyConfigurations',
  compliancePolicy: 'deviceManagement/deviceCompliancePolicies',
  deviceManagementScript: 'deviceManagement/deviceManagementScripts',
  deviceShellScript: 'deviceManagement/deviceShellScripts',
  deviceHealthScript: 'deviceManagement/deviceHealthScripts',
  autopilotProfile: 'deviceManagement/windowsAutopilotDeploymentProfiles',
  enrollmentConfiguration: 'deviceManagement/deviceEnrollmentConfigurations',
  featureUpdateProfile: 'deviceManagement/windowsFeatureUpdateProfiles',
  qualityUpdateProfile: 'deviceManagement/windowsQualityUpdateProfiles',
  intent: 'deviceManagement/intents',
  iosAppProtection: 'deviceAppManagement/iosManagedAppProtections',
  androidAppProtection: 'deviceAppManagement/androidManagedAppProtections',
  mobileAppConfiguration: 'deviceAppManagement/mobileAppConfigurations',
  targetedManagedAppConfiguration:
    'deviceAppManagement/targetedManagedAppConfigurations',
};

/** What a test may expect to capture for one seeded policy. */
export interface SeededPolicy {
  readonly id: string;
  readonly type: SimulatedPolicyType;
  /** Relative to the Graph base URL, e.g. `deviceManagement/intents`. */
  readonly collectionPath: string;
  readonly odataType: string;
  /** `displayName`, or `name` for settings catalog policies. */
  readonly displayName: string;
  readonly roleScopeTagIds: readonly string[];
  /**
   * Settings a complete capture holds: `settings` items (settings
   * catalog, intents), definition values (administrative templates) or
   * OMA settings (custom profiles); 0 for other types.
   */
  readonly settingsCount: number;
  readonly assignmentsCount: number;
  /** Further counts by name: presentationValues, apps, encryptedOmaSettings... */
  readonly counts: Readonly<Record<string, number>>;
}

export interface SeededResource {
  readonly resource: Resource;
  readonly policy: SeededPolicy;
}

export function describePolicy(
  type: SimulatedPolicyType,
  resource: Resource,
  settingsCount = 0,
  counts: Record<string, number> = {},
): SeededResource {
  const properties = resource.properties;
  return {
    resource,
    policy: {
      id: resource.id,
      type,
      collectionPath: POLICY_COLLECTIONS[type],
      odataType: String(properties['@odata.type']),
      displayName: String(properties.displayName ?? properties.name),
      roleScopeTagIds: (properties.roleScopeTagIds as string[]) ?? [],
      settingsCount,
      assignmentsCount: resource.collections.assignments?.length ?? 0,
      counts,
    },
  };
}
