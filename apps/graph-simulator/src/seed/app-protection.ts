import { seedAssignments } from './assignments';
import { Rng } from './deterministic';
import { resource, Resource } from './resource';
import { Foundations, pickScopeTags, SeedContext } from './seed-context';
import { describePolicy, SeededResource } from './seeded-policy';

const ASSIGNMENT_TYPE = '#microsoft.graph.targetedManagedAppPolicyAssignment';

type Platform = 'ios' | 'android';

/** App protection policy, readable from its own collection with apps. */
export function seedAppProtection(
  platform: Platform,
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
): SeededResource {
  const rng = ctx.rng(`${platform}ManagedAppProtection`, index);
  // Intune prefixes app protection ids with T_.
  const id = `T_${ctx.id(`${platform}ManagedAppProtection`, index)}`;
  const apps = managedApps(rng, platform, foundations, id);
  const assignments = seedAssignments(rng, foundations, id, ASSIGNMENT_TYPE);
  const protection = resource(
    {
      '@odata.type': `#microsoft.graph.${platform}ManagedAppProtection`,
      id,
      displayName: `APP - ${platform === 'ios' ? 'iOS' : 'Android'} ${index + 1}`,
      description: '',
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      roleScopeTagIds: pickScopeTags(rng, foundations),
      version: `"${rng.int(1000, 9999)}"`,
      isAssigned: assignments.length > 0,
      targetedAppManagementLevels: 'unspecified',
      appGroupType: 'selectedPublicApps',
      deployedAppCount: apps.length,
      periodOfflineBeforeAccessCheck: 'PT12H',
      periodOnlineBeforeAccessCheck: 'PT30M',
      allowedInboundDataTransferSources: 'allApps',
      allowedOutboundDataTransferDestinations: 'managedApps',
      organizationalCredentialsRequired: false,
      allowedOutboundClipboardSharingLevel: 'managedAppsWithPasteIn',
      dataBackupBlocked: true,
      deviceComplianceRequired: true,
      saveAsBlocked: true,
      pinRequired: true,
      maximumPinRetries: rng.int(3, 10),
      simplePinBlocked: rng.bool(),
      minimumPinLength: rng.int(4, 8),
      pinCharacterSet: 'numeric',
      ...(platform === 'ios'
        ? { appDataEncryptionType: 'whenDeviceLocked', faceIdBlocked: false }
        : {
            screenCaptureBlocked: rng.bool(),
            encryptAppData: true,
            disableAppEncryptionIfDeviceEncryptionIsEnabled: false,
            minimumRequiredPatchVersion: '2024-01-01',
          }),
    },
    { collections: { apps, assignments } },
  );
  return describePolicy(
    platform === 'ios' ? 'iosAppProtection' : 'androidAppProtection',
    protection,
    0,
    { apps: apps.length },
  );
}

/** Apps targeted by an app protection or app configuration policy. */
export function managedApps(
  rng: Rng,
  platform: Platform,
  foundations: Foundations,
  policyId: string,
): Resource[] {
  const apps = rng.some(
    platform === 'ios' ? foundations.iosAppIds : foundations.androidAppIds,
    1,
    4,
  );
  return apps.map((appId, position) => {
    const name = `app${position}.${appId.slice(0, 8)}`;
    return resource({
      '@odata.type': '#microsoft.graph.managedMobileApp',
      id: `${name}.${platform}_${policyId.slice(-8)}`,
      version: String(rng.int(1, 99)),
      mobileAppIdentifier:
        platform === 'ios'
          ? {
              '@odata.type': '#microsoft.graph.iosMobileAppIdentifier',
              bundleId: name,
            }
          : {
              '@odata.type': '#microsoft.graph.androidMobileAppIdentifier',
              packageId: name,
            },
    });
  });
}
