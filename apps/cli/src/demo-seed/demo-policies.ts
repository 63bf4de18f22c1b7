import { createHash } from 'node:crypto';

import { POLICY_TYPES, PolicyType, SeenPolicy } from '@app/reference-data';

/** A plausible OData type per policy type, for realistic demo rows. */
const ODATA_TYPES: Record<PolicyType, string> = {
  deviceConfiguration: '#microsoft.graph.windows10GeneralConfiguration',
  settingsCatalog: '#microsoft.graph.deviceManagementConfigurationPolicy',
  administrativeTemplate: '#microsoft.graph.groupPolicyConfiguration',
  compliancePolicy: '#microsoft.graph.windows10CompliancePolicy',
  appProtectionIos: '#microsoft.graph.iosManagedAppProtection',
  appProtectionAndroid: '#microsoft.graph.androidManagedAppProtection',
  appProtectionWindows: '#microsoft.graph.windowsManagedAppProtection',
  appConfigurationManagedDevice: '#microsoft.graph.iosMobileAppConfiguration',
  appConfigurationManagedApp:
    '#microsoft.graph.targetedManagedAppConfiguration',
  deviceManagementScript: '#microsoft.graph.deviceManagementScript',
  deviceShellScript: '#microsoft.graph.deviceShellScript',
  deviceHealthScript: '#microsoft.graph.deviceHealthScript',
  autopilotProfile: '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile',
  enrollmentConfiguration:
    '#microsoft.graph.deviceEnrollmentLimitConfiguration',
  featureUpdateProfile: '#microsoft.graph.windowsFeatureUpdateProfile',
  qualityUpdateProfile: '#microsoft.graph.windowsQualityUpdateProfile',
  endpointSecurityIntent: '#microsoft.graph.deviceManagementIntent',
};

/**
 * `count` demo policies spread round-robin over every policy type. Graph
 * ids derive from the tenant and the index, so seeding again finds the
 * same inventory rows instead of adding new ones.
 */
export function demoPolicies(tenantId: string, count: number): SeenPolicy[] {
  return Array.from({ length: count }, (_, index) => {
    const policyType = POLICY_TYPES[index % POLICY_TYPES.length];
    const number = String(index + 1).padStart(4, '0');
    return {
      graphId: stableGuid(`${tenantId}/${index}`),
      policyType,
      odataType: ODATA_TYPES[policyType],
      displayName: `Demo ${policyType} ${number}`,
    };
  });
}

function stableGuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `8${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
