import { randomUUID } from 'node:crypto';

import type {
  GraphSimulator,
  SimulatedPolicyType,
} from '../../../../apps/graph-simulator/src';
import { PolicyType } from '../capture/policy-type';
import { StaticGraphCredentialsSource } from '../client/auth/graph-credentials-source';
import {
  DEFAULT_GRAPH_CLIENT_OPTIONS,
  GraphClientOptions,
} from '../client/graph-client-options';

/** The simulator's type names for the ones this library uses. */
export const SIMULATED_TO_POLICY_TYPE: Record<SimulatedPolicyType, PolicyType> =
  {
    deviceConfiguration: 'deviceConfiguration',
    settingsCatalog: 'settingsCatalog',
    administrativeTemplate: 'administrativeTemplate',
    compliancePolicy: 'compliancePolicy',
    deviceManagementScript: 'deviceManagementScript',
    deviceShellScript: 'deviceShellScript',
    deviceHealthScript: 'deviceHealthScript',
    autopilotProfile: 'autopilotProfile',
    enrollmentConfiguration: 'enrollmentConfiguration',
    featureUpdateProfile: 'featureUpdateProfile',
    qualityUpdateProfile: 'qualityUpdateProfile',
    intent: 'endpointSecurityIntent',
    iosAppProtection: 'appProtectionIos',
    androidAppProtection: 'appProtectionAndroid',
    mobileAppConfiguration: 'appConfigurationManagedDevice',
    targetedManagedAppConfiguration: 'appConfigurationManagedApp',
  };

/**
 * Our own tenant ids (uuids) for the simulator's tenants, with their
 * credentials: the mapping the tenants table provides in production.
 */
export function simulatorTenants(simulator: GraphSimulator) {
  const tenants = simulator.tenants.map((tenant) => ({
    tenantId: randomUUID(),
    simulated: tenant,
  }));
  const credentials = new StaticGraphCredentialsSource(
    new Map(
      tenants.map(({ tenantId, simulated }) => [
        tenantId,
        {
          entraTenantId: simulated.tenantId,
          clientId: simulated.clientId,
          clientSecret: simulated.clientSecret,
        },
      ]),
    ),
  );
  return { tenants, credentials };
}

/** Client options aimed at the simulator, with test-sized waits. */
export function simulatorClientOptions(
  simulator: GraphSimulator,
  overrides: Partial<GraphClientOptions> = {},
): GraphClientOptions {
  return {
    ...DEFAULT_GRAPH_CLIENT_OPTIONS,
    baseUrl: simulator.baseUrl,
    authorityHost: simulator.authorityHost,
    rateLimit: 1000,
    backoffBaseMs: 20,
    backoffMaxMs: 200,
    requestTimeoutMs: 2_000,
    ...overrides,
  };
}
