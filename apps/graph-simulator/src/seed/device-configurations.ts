import { seedAssignments } from './assignments';
import { Rng } from './deterministic';
import { GraphObject, resource, Resource } from './resource';
import { Foundations, pickScopeTags, SeedContext } from './seed-context';
import { describePolicy, SeededResource } from './seeded-policy';

const ASSIGNMENT_TYPE = '#microsoft.graph.deviceConfigurationAssignment';

interface Kind {
  readonly type: string;
  readonly label: string;
  build(
    ctx: SeedContext,
    rng: Rng,
    id: string,
  ): Partial<Resource> & {
    properties: GraphObject;
    counts?: Record<string, number>;
  };
}

const KINDS: readonly Kind[] = [
  {
    type: 'windows10CustomConfiguration',
    label: 'Custom OMA-URI',
    build: customWindows,
  },
  {
    type: 'windows10GeneralConfiguration',
    label: 'Device restrictions',
    build: (_ctx, rng) => ({
      properties: {
        passwordRequired: rng.bool(),
        passwordMinimumLength: rng.int(6, 14),
        cameraBlocked: rng.bool(0.2),
        bluetoothBlocked: false,
        defenderScanType: rng.pick(['quick', 'full', 'userDefined']),
        edgeBlockPopups: true,
        storageRequireMobileDeviceEncryption: true,
      },
    }),
  },
  { type: 'iosCustomConfiguration', label: 'iOS custom', build: iosCustom },
  {
    type: 'windowsUpdateForBusinessConfiguration',
    label: 'Update ring',
    build: (_ctx, rng) => ({
      properties: {
        deliveryOptimizationMode: 'userDefined',
        automaticUpdateMode: 'autoInstallAtMaintenanceTime',
        qualityUpdatesDeferralPeriodInDays: rng.int(0, 14),
        featureUpdatesDeferralPeriodInDays: rng.int(0, 60),
        businessReadyUpdatesOnly: 'userDefined',
        microsoftUpdateServiceAllowed: true,
        driversExcluded: false,
        deadlineForQualityUpdatesInDays: rng.int(2, 7),
        userPauseAccess: 'enabled',
      },
    }),
  },
];

export function seedDeviceConfiguration(
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
): SeededResource {
  const rng = ctx.rng('deviceConfiguration', index);
  const id = ctx.id('deviceConfiguration', index);
  const kind = KINDS[index % KINDS.length];
  const built = kind.build(ctx, rng, id);
  const policy = resource(
    {
      '@odata.type': `#microsoft.graph.${kind.type}`,
      id,
      displayName: `DC - ${kind.label} ${index + 1}`,
      description: '',
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      roleScopeTagIds: pickScopeTags(rng, foundations),
      supportsScopeTags: true,
      deviceManagementApplicabilityRuleOsEdition: null,
      deviceManagementApplicabilityRuleOsVersion: null,
      version: rng.int(1, 12),
      ...built.properties,
    },
    {
      secrets: built.secrets,
      collections: {
        assignments: seedAssignments(rng, foundations, id, ASSIGNMENT_TYPE),
      },
    },
  );
  const omaSettings = (built.properties.omaSettings as unknown[]) ?? [];
  return describePolicy(
    'deviceConfiguration',
    policy,
    omaSettings.length,
    built.counts,
  );
}

function customWindows(ctx: SeedContext, rng: Rng, id: string) {
  const secrets: Record<string, string> = {};
  const omaSettings = Array.from({ length: rng.int(2, 5) }, (_, position) => {
    const base = {
      displayName: `Setting ${position + 1}`,
      description: null,
      omaUri: `./Device/Vendor/MSFT/Policy/Config/Custom/Setting${position + 1}`,
      isReadOnly: false,
    };
    if (position === 0) {
      // Graph returns encrypted OMA values as ciphertext plus a reference
      // to resolve with getOmaSettingPlainTextValue.
      const reference = ctx.id('secretReference', id, position);
      secrets[reference] =
        `<enabled/><data id="Key" value="${rng.int(1000, 9999)}"/>`;
      return {
        '@odata.type': '#microsoft.graph.omaSettingString',
        ...base,
        isEncrypted: true,
        secretReferenceValueId: reference,
        value: Buffer.from(`ciphertext:${reference}`).toString('base64'),
      };
    }
    return {
      '@odata.type': '#microsoft.graph.omaSettingInteger',
      ...base,
      isEncrypted: false,
      secretReferenceValueId: null,
      value: rng.int(0, 10),
      isReadOnly: false,
    };
  });
  return {
    properties: { omaSettings },
    secrets,
    counts: { encryptedOmaSettings: 1 },
  };
}

function iosCustom(_ctx: SeedContext, rng: Rng) {
  const plist = `<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>PayloadIdentifier</key><string>com.contoso.wifi.${rng.int(1, 99)}</string></dict></plist>`;
  return {
    properties: {
      payloadName: 'Wi-Fi profile',
      payloadFileName: 'wifi.mobileconfig',
      payload: Buffer.from(plist).toString('base64'),
    },
  };
}
