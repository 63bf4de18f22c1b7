import { seedAssignments } from './assignments';
import { Rng } from './deterministic';
import { GraphObject, resource } from './resource';
import { Foundations, pickScopeTags, SeedContext } from './seed-context';
import {
  describePolicy,
  SeededResource,
  SimulatedPolicyType,
} from './seeded-policy';

type ProfileType = Extract<
  SimulatedPolicyType,
  | 'autopilotProfile'
  | 'enrollmentConfiguration'
  | 'featureUpdateProfile'
  | 'qualityUpdateProfile'
>;

interface ProfileKind {
  readonly collection: string;
  readonly assignmentType: string;
  odataType(index: number): string;
  properties(rng: Rng, index: number, foundations: Foundations): GraphObject;
}

const ENROLLMENT_TYPES = [
  'windows10EnrollmentCompletionPageConfiguration',
  'deviceEnrollmentPlatformRestrictionConfiguration',
  'deviceEnrollmentLimitConfiguration',
];

const KINDS: Record<ProfileType, ProfileKind> = {
  autopilotProfile: {
    collection: 'windowsAutopilotDeploymentProfiles',
    assignmentType:
      '#microsoft.graph.windowsAutopilotDeploymentProfileAssignment',
    odataType: (index) =>
      index % 2
        ? '#microsoft.graph.activeDirectoryWindowsAutopilotDeploymentProfile'
        : '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile',
    properties: (rng, index) => ({
      language: 'os-default',
      deviceNameTemplate: `CON-%SERIAL%`,
      deviceType: 'windowsPc',
      enableWhiteGlove: rng.bool(),
      extractHardwareHash: true,
      managementServiceAppId: null,
      outOfBoxExperienceSettings: {
        hidePrivacySettings: true,
        hideEULA: true,
        userType: 'standard',
        deviceUsageType: rng.pick(['singleUser', 'shared']),
        skipKeyboardSelectionPage: true,
        hideEscapeLink: true,
      },
      enrollmentStatusScreenSettings: null,
      ...(index % 2 ? { hybridAzureADJoinSkipConnectivityCheck: true } : {}),
    }),
  },
  enrollmentConfiguration: {
    collection: 'deviceEnrollmentConfigurations',
    assignmentType: '#microsoft.graph.enrollmentConfigurationAssignment',
    odataType: (index) =>
      `#microsoft.graph.${ENROLLMENT_TYPES[index % ENROLLMENT_TYPES.length]}`,
    properties: (rng, index, foundations) => {
      const common = { priority: index + 1, version: rng.int(1, 5) };
      switch (index % ENROLLMENT_TYPES.length) {
        case 0:
          return {
            ...common,
            showInstallationProgress: true,
            blockDeviceSetupRetryByUser: false,
            allowDeviceResetOnInstallFailure: true,
            allowLogCollectionOnInstallFailure: true,
            installProgressTimeoutInMinutes: 60,
            allowDeviceUseOnInstallFailure: false,
            selectedMobileAppIds: rng.some(foundations.iosAppIds, 0, 2),
            allowNonBlockingAppInstallation: false,
            trackInstallProgressForAutopilotOnly: true,
          };
        case 1:
          return {
            ...common,
            platformType: 'windows',
            platformRestriction: {
              platformBlocked: false,
              personalDeviceEnrollmentBlocked: rng.bool(),
              osMinimumVersion: '10.0.19045',
              osMaximumVersion: null,
              blockedManufacturers: [],
            },
          };
        default:
          return { ...common, limit: rng.int(3, 15) };
      }
    },
  },
  featureUpdateProfile: {
    collection: 'windowsFeatureUpdateProfiles',
    assignmentType: '#microsoft.graph.windowsFeatureUpdateProfileAssignment',
    odataType: () => '#microsoft.graph.windowsFeatureUpdateProfile',
    properties: (rng) => ({
      featureUpdateVersion: rng.pick([
        'Windows 11, version 23H2',
        'Windows 11, version 24H2',
      ]),
      rolloutSettings: {
        offerStartDateTimeInUTC: null,
        offerEndDateTimeInUTC: null,
        offerIntervalInDays: null,
      },
      endOfSupportDate: '2026-11-10T00:00:00Z',
      deployableContentDisplayName: 'Windows 11, version 23H2',
      installLatestWindows10OnWindows11IneligibleDevice: rng.bool(),
    }),
  },
  qualityUpdateProfile: {
    collection: 'windowsQualityUpdateProfiles',
    assignmentType: '#microsoft.graph.windowsQualityUpdateProfileAssignment',
    odataType: () => '#microsoft.graph.windowsQualityUpdateProfile',
    properties: (rng) => ({
      expeditedUpdateSettings: {
        qualityUpdateRelease: '2025-01-14T00:00:00Z',
        daysUntilForcedReboot: rng.int(0, 2),
      },
      releaseDateDisplayName: 'January 14, 2025 - 2025.01 B',
      deployableContentDisplayName: '2025.01 B Security Updates',
    }),
  },
};

export function seedWindowsProfile(
  type: ProfileType,
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
): SeededResource {
  const kind = KINDS[type];
  const rng = ctx.rng(type, index);
  const odataType = kind.odataType(index);
  const uuid = ctx.id(type, index);
  // Enrollment configuration ids carry their type, as Intune's do.
  const id =
    type === 'enrollmentConfiguration'
      ? `${uuid}_${odataType
          .split('.')
          .pop()!
          .replace(/^./, (c) => c.toUpperCase())}`
      : uuid;
  const profile = resource(
    {
      '@odata.type': odataType,
      id,
      displayName: `${type} ${index + 1}`,
      description: '',
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      roleScopeTagIds: pickScopeTags(rng, foundations),
      ...kind.properties(rng, index, foundations),
    },
    {
      collections: {
        assignments: seedAssignments(rng, foundations, id, kind.assignmentType),
      },
    },
  );
  return describePolicy(type, profile);
}
