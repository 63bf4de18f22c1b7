import { GraphObject, Resource, resource } from './resource';
import { DEFAULT_SCOPE_TAG_ID, Foundations, SeedContext } from './seed-context';

const SCOPE_TAGS = ['Europe', 'North America', 'Kiosks', 'Finance'];
const FILTERS: readonly [string, string, string][] = [
  [
    'Corporate Windows devices',
    'windows10AndLater',
    '(device.deviceOwnership -eq "Corporate")',
  ],
  [
    'Windows 11 only',
    'windows10AndLater',
    '(device.osVersion -startsWith "10.0.22")',
  ],
  [
    'Supervised iPhones',
    'iOS',
    '(device.enrollmentProfileName -contains "Supervised")',
  ],
  [
    'Android work profile',
    'androidForWork',
    '(device.manufacturer -ne "Unknown")',
  ],
  [
    'Managed app: Outlook',
    'androidMobileApplicationManagement',
    '(app.appVersion -ge "4.2300")',
  ],
];
const IOS_APPS = [
  'com.microsoft.office.outlook',
  'com.microsoft.skype.teams',
  'com.microsoft.msedge',
  'com.microsoft.sharepoint',
  'com.microsoft.onenote',
];
const ANDROID_APPS = [
  'com.microsoft.office.outlook',
  'com.microsoft.teams',
  'com.microsoft.emmx',
  'com.microsoft.skydrive',
  'com.microsoft.office.officehubrow',
];

export interface FoundationResources {
  readonly foundations: Foundations;
  readonly roleScopeTags: Resource[];
  readonly assignmentFilters: Resource[];
  readonly notificationMessageTemplates: Resource[];
  readonly mobileApps: Resource[];
}

export function seedFoundations(ctx: SeedContext): FoundationResources {
  const roleScopeTags = [
    scopeTag(DEFAULT_SCOPE_TAG_ID, 'Default', true),
    ...SCOPE_TAGS.map((name, index) =>
      scopeTag(String(index + 1), name, false),
    ),
  ];
  const assignmentFilters = FILTERS.map(([name, platform, rule], index) => {
    const rng = ctx.rng('assignmentFilter', index);
    return resource({
      '@odata.type': '#microsoft.graph.deviceAndAppManagementAssignmentFilter',
      id: ctx.id('assignmentFilter', index),
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      displayName: name,
      description: '',
      platform,
      rule,
      assignmentFilterManagementType: platform.includes('Application')
        ? 'apps'
        : 'devices',
      roleScopeTags: [DEFAULT_SCOPE_TAG_ID],
    });
  });
  const notificationMessageTemplates = [0, 1].map((index) =>
    notificationTemplate(ctx, index),
  );
  const iosApps = IOS_APPS.map((bundleId) =>
    mobileApp(ctx, 'iosStoreApp', bundleId, { bundleId }),
  );
  const androidApps = ANDROID_APPS.map((packageId) =>
    mobileApp(ctx, 'androidManagedStoreApp', packageId, {
      packageId,
      appIdentifier: packageId,
    }),
  );
  return {
    foundations: {
      scopeTagIds: roleScopeTags.map((tag) => tag.id),
      assignmentFilters: assignmentFilters.map((filter) => ({
        id: filter.id,
        platform: String(filter.properties.platform),
      })),
      groupIds: Array.from({ length: 40 }, (_, index) =>
        ctx.id('group', index),
      ),
      iosAppIds: iosApps.map((app) => app.id),
      androidAppIds: androidApps.map((app) => app.id),
      notificationTemplateIds: notificationMessageTemplates.map((t) => t.id),
    },
    roleScopeTags,
    assignmentFilters,
    notificationMessageTemplates,
    mobileApps: [...iosApps, ...androidApps],
  };
}

function scopeTag(id: string, displayName: string, isBuiltIn: boolean) {
  return resource({
    '@odata.type': '#microsoft.graph.roleScopeTag',
    id,
    displayName,
    description: isBuiltIn ? '' : `Scope for ${displayName}`,
    isBuiltIn,
  });
}

function notificationTemplate(ctx: SeedContext, index: number): Resource {
  const id = ctx.id('notificationMessageTemplate', index);
  const rng = ctx.rng('notificationMessageTemplate', index);
  const messages = ['en-us', 'de-de'].map((locale, position) =>
    resource({
      '@odata.type': '#microsoft.graph.localizedNotificationMessage',
      id: `${id}_${locale}`,
      lastModifiedDateTime: ctx.dateTime(rng),
      locale,
      subject: `Device not compliant (${index + 1})`,
      messageTemplate: 'Your device does not meet the company policy.',
      isDefault: position === 0,
    }),
  );
  return resource(
    {
      '@odata.type': '#microsoft.graph.notificationMessageTemplate',
      id,
      lastModifiedDateTime: ctx.dateTime(rng),
      displayName: `Non-compliance notice ${index + 1}`,
      defaultLocale: 'en-us',
      brandingOptions: 'includeCompanyLogo,includeContactInformation',
      roleScopeTagIds: [DEFAULT_SCOPE_TAG_ID],
    },
    { collections: { localizedNotificationMessages: messages } },
  );
}

function mobileApp(
  ctx: SeedContext,
  type: string,
  name: string,
  extra: GraphObject,
): Resource {
  const rng = ctx.rng('mobileApp', type, name);
  return resource({
    '@odata.type': `#microsoft.graph.${type}`,
    id: ctx.id('mobileApp', type, name),
    displayName: name.split('.').slice(-1)[0],
    publisher: 'Microsoft Corporation',
    createdDateTime: ctx.dateTime(rng),
    lastModifiedDateTime: ctx.dateTime(rng),
    isAssigned: true,
    roleScopeTagIds: [DEFAULT_SCOPE_TAG_ID],
    ...extra,
  });
}
