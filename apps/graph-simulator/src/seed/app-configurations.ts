import { seedAssignments } from './assignments';
import { managedApps } from './app-protection';
import { resource } from './resource';
import { Foundations, pickScopeTags, SeedContext } from './seed-context';
import { describePolicy, SeededResource } from './seeded-policy';

/** App configuration for managed devices (`mobileAppConfigurations`). */
export function seedMobileAppConfiguration(
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
): SeededResource {
  const rng = ctx.rng('mobileAppConfiguration', index);
  const id = ctx.id('mobileAppConfiguration', index);
  const ios = index % 2 === 0;
  const payload = {
    kind: 'androidenterprise#managedConfiguration',
    productId: 'app:com.microsoft.office.outlook',
    managedProperty: [
      { key: 'com.microsoft.outlook.Mail.FocusedInbox', valueBool: rng.bool() },
    ],
  };
  const configuration = resource(
    {
      '@odata.type': ios
        ? '#microsoft.graph.iosMobileAppConfiguration'
        : '#microsoft.graph.androidManagedStoreAppConfiguration',
      id,
      displayName: `App config - ${ios ? 'iOS' : 'Android'} ${index + 1}`,
      description: '',
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      roleScopeTagIds: pickScopeTags(rng, foundations),
      version: rng.int(1, 9),
      targetedMobileApps: rng.some(
        ios ? foundations.iosAppIds : foundations.androidAppIds,
        1,
        1,
      ),
      ...(ios
        ? {
            encodedSettingXml: null,
            settings: [
              {
                appConfigKey: 'IntuneMAMUPN',
                appConfigKeyType: 'stringType',
                appConfigKeyValue: '{{userprincipalname}}',
              },
            ],
          }
        : {
            packageId: 'app:com.microsoft.office.outlook',
            payloadJson: Buffer.from(JSON.stringify(payload)).toString(
              'base64',
            ),
            permissionActions: [],
            appSupportsOemConfig: false,
            profileApplicability: 'default',
            connectedAppsEnabled: false,
          }),
    },
    {
      collections: {
        assignments: seedAssignments(
          rng,
          foundations,
          id,
          '#microsoft.graph.managedDeviceMobileAppConfigurationAssignment',
        ),
      },
    },
  );
  return describePolicy('mobileAppConfiguration', configuration);
}

/** App configuration for managed apps, with its apps. */
export function seedTargetedManagedAppConfiguration(
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
): SeededResource {
  const rng = ctx.rng('targetedManagedAppConfiguration', index);
  const id = `A_${ctx.id('targetedManagedAppConfiguration', index)}`;
  const apps = managedApps(rng, index % 2 ? 'android' : 'ios', foundations, id);
  const assignments = seedAssignments(
    rng,
    foundations,
    id,
    '#microsoft.graph.targetedManagedAppPolicyAssignment',
  );
  const configuration = resource(
    {
      '@odata.type': '#microsoft.graph.targetedManagedAppConfiguration',
      id,
      displayName: `MAM config ${index + 1}`,
      description: '',
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      roleScopeTagIds: pickScopeTags(rng, foundations),
      version: `"${rng.int(1000, 9999)}"`,
      deployedAppCount: apps.length,
      isAssigned: assignments.length > 0,
      targetedAppManagementLevels: 'unspecified',
      appGroupType: 'selectedPublicApps',
      customSettings: [
        {
          name: 'com.microsoft.intune.mam.managedbrowser.bookmarks',
          value: `Intranet|https://intranet${index}.contoso.example`,
        },
      ],
    },
    { collections: { apps, assignments } },
  );
  return describePolicy('targetedManagedAppConfiguration', configuration, 0, {
    apps: apps.length,
  });
}
