/**
 * The policy types the inventory filters by. A copy of the service's list
 * (libs/graph), kept equal by policy-types.spec.ts, so the bundle carries
 * no server code.
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
