/**
 * The Intune policy kinds this service can capture. Stable identifiers:
 * stored in the inventory and in events, so never rename one.
 */
export const POLICY_TYPES = [
  'deviceConfiguration',
  'settingsCatalog',
  'administrativeTemplate',
  'compliancePolicy',
  'appProtectionIos',
  'appProtectionAndroid',
  'appConfigurationManagedDevice',
  'appConfigurationManagedApp',
  'deviceManagementScript',
  'deviceShellScript',
  'deviceHealthScript',
  'autopilotProfile',
  'enrollmentConfiguration',
  'featureUpdateProfile',
  'qualityUpdateProfile',
  'endpointSecurityIntent',
] as const;

export type PolicyType = (typeof POLICY_TYPES)[number];

export function isPolicyType(value: unknown): value is PolicyType {
  return POLICY_TYPES.includes(value as PolicyType);
}
