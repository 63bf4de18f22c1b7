import { GraphCaptureError } from '../errors';
import { CaptureStrategy } from './capture-strategy';
import { PolicyType, POLICY_TYPES } from './policy-type';
import { administrativeTemplateStrategy } from './strategies/administrative-template.strategy';
import { appConfigurationManagedAppStrategy } from './strategies/app-configuration-managed-app.strategy';
import { appConfigurationManagedDeviceStrategy } from './strategies/app-configuration-managed-device.strategy';
import { appProtectionAndroidStrategy } from './strategies/app-protection-android.strategy';
import { appProtectionIosStrategy } from './strategies/app-protection-ios.strategy';
import { appProtectionWindowsStrategy } from './strategies/app-protection-windows.strategy';
import { autopilotProfileStrategy } from './strategies/autopilot-profile.strategy';
import { compliancePolicyStrategy } from './strategies/compliance-policy.strategy';
import { deviceConfigurationStrategy } from './strategies/device-configuration.strategy';
import { deviceHealthScriptStrategy } from './strategies/device-health-script.strategy';
import { deviceManagementScriptStrategy } from './strategies/device-management-script.strategy';
import { deviceShellScriptStrategy } from './strategies/device-shell-script.strategy';
import { endpointSecurityIntentStrategy } from './strategies/endpoint-security-intent.strategy';
import { enrollmentConfigurationStrategy } from './strategies/enrollment-configuration.strategy';
import { featureUpdateProfileStrategy } from './strategies/feature-update-profile.strategy';
import { qualityUpdateProfileStrategy } from './strategies/quality-update-profile.strategy';
import { settingsCatalogStrategy } from './strategies/settings-catalog.strategy';

/** Every built-in strategy; the typed record fails to compile on a gap. */
const BUILT_IN: Record<PolicyType, CaptureStrategy> = {
  deviceConfiguration: deviceConfigurationStrategy,
  settingsCatalog: settingsCatalogStrategy,
  administrativeTemplate: administrativeTemplateStrategy,
  compliancePolicy: compliancePolicyStrategy,
  appProtectionIos: appProtectionIosStrategy,
  appProtectionAndroid: appProtectionAndroidStrategy,
  appProtectionWindows: appProtectionWindowsStrategy,
  appConfigurationManagedDevice: appConfigurationManagedDeviceStrategy,
  appConfigurationManagedApp: appConfigurationManagedAppStrategy,
  deviceManagementScript: deviceManagementScriptStrategy,
  deviceShellScript: deviceShellScriptStrategy,
  deviceHealthScript: deviceHealthScriptStrategy,
  autopilotProfile: autopilotProfileStrategy,
  enrollmentConfiguration: enrollmentConfigurationStrategy,
  featureUpdateProfile: featureUpdateProfileStrategy,
  qualityUpdateProfile: qualityUpdateProfileStrategy,
  endpointSecurityIntent: endpointSecurityIntentStrategy,
};

/** Capture strategies keyed by their stable policy type name. */
export class CaptureStrategyRegistry {
  private readonly strategies: ReadonlyMap<string, CaptureStrategy>;

  constructor(
    strategies: readonly CaptureStrategy[] = Object.values(BUILT_IN),
  ) {
    this.strategies = new Map(strategies.map((s) => [s.policyType, s]));
  }

  /** Supported types, in the canonical order. */
  get policyTypes(): PolicyType[] {
    return POLICY_TYPES.filter((type) => this.strategies.has(type));
  }

  /** @throws GraphCaptureError `unsupported_type` for an unknown name. */
  strategyFor(policyType: string): CaptureStrategy {
    const strategy = this.strategies.get(policyType);
    if (!strategy) {
      throw new GraphCaptureError(
        'unsupported_type',
        `policy type ${policyType.slice(0, 80)} is not supported`,
      );
    }
    return strategy;
  }
}
