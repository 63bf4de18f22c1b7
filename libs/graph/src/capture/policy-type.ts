/**
 * The stable names of the policy types capture supports. They are stored
 * in events, inventory rows and snapshots: never rename one.
 */
export const POLICY_TYPES = [
  'deviceConfiguration',
  'settingsCatalog',
  'administrativeTemplate',
  'compliancePolicy',
  'appProtectionIos',
  'appProtectionAndroid',
  'appProtectionWindows',
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

export function isPolicyType(value: string): value is PolicyType {
  return (POLICY_TYPES as readonly string[]).includes(value);
}
