import { seedAssignments } from './assignments';
import { Rng } from './deterministic';
import { resource, Resource } from './resource';
import { Foundations, pickScopeTags, SeedContext } from './seed-context';
import { describePolicy, SeededResource } from './seeded-policy';

const AREAS = ['defender', 'browser', 'update', 'devicelock', 'bitlocker'];
const NAMES = [
  'allowarchivescanning',
  'allowbehaviormonitoring',
  'allowcloudprotection',
  'allowemailscanning',
  'allowfullscanremovabledrivescanning',
  'allowioavprotection',
  'allowrealtimemonitoring',
  'avgcpuloadfactor',
  'cloudblocklevel',
  'daystoretaincleanedmalware',
  'excludedextensions',
  'excludedpaths',
  'puaprotection',
  'realtimescandirection',
  'scanparameter',
  'signatureupdateinterval',
];
const TEMPLATES = [
  { family: 'none', id: '', name: null },
  {
    family: 'endpointSecurityAntivirus',
    id: '804339ad-1553-4478-a742-138fb5807418_1',
    name: 'Microsoft Defender Antivirus',
  },
  {
    family: 'endpointSecurityFirewall',
    id: '6078910e-d808-4a9f-a51d-1b8a7bacb7c0_1',
    name: 'Windows Firewall',
  },
];

/** Several policies hold 60 settings, all more than 25 but a few. */
export function settingsCountFor(index: number, rng: Rng): number {
  switch (index % 4) {
    case 0:
    case 2:
      return 60;
    case 1:
      return rng.int(26, 59);
    default:
      return rng.int(5, 25);
  }
}

export function seedSettingsCatalog(
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
): SeededResource {
  const rng = ctx.rng('configurationPolicy', index);
  const id = ctx.id('configurationPolicy', index);
  const count = settingsCountFor(index, rng);
  const template = TEMPLATES[index % TEMPLATES.length];
  const settings = Array.from({ length: count }, (_, position) =>
    setting(rng, position),
  );
  // One policy in four has more assignments than a page holds.
  const assignments = seedAssignments(
    rng,
    foundations,
    id,
    '#microsoft.graph.deviceManagementConfigurationPolicyAssignment',
    index % 4 === 1 ? 30 : undefined,
  );
  const policy = resource(
    {
      '@odata.type': '#microsoft.graph.deviceManagementConfigurationPolicy',
      id,
      name: `SC - ${template.name ?? 'Windows baseline'} ${index + 1}`,
      description: `Settings catalog policy ${index + 1}`,
      platforms: 'windows10',
      technologies: 'mdm',
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      settingCount: count,
      creationSource: null,
      roleScopeTagIds: pickScopeTags(rng, foundations),
      isAssigned: assignments.length > 0,
      priorityMetaData: null,
      templateReference: {
        templateId: template.id,
        templateFamily: template.family,
        templateDisplayName: template.name,
        templateDisplayVersion: template.name ? 'Version 1' : null,
      },
    },
    { collections: { settings, assignments } },
  );
  return describePolicy('settingsCatalog', policy, count);
}

function setting(rng: Rng, position: number): Resource {
  const area = AREAS[position % AREAS.length];
  const name = NAMES[position % NAMES.length];
  const round = Math.floor(position / NAMES.length);
  const definitionId = `device_vendor_msft_policy_config_${area}_${name}${round ? `_${round}` : ''}`;
  return resource({
    '@odata.type': '#microsoft.graph.deviceManagementConfigurationSetting',
    id: String(position),
    settingInstance: instance(rng, definitionId, position),
  });
}

function instance(rng: Rng, definitionId: string, position: number) {
  const base = {
    settingDefinitionId: definitionId,
    settingInstanceTemplateReference: null,
  };
  switch (position % 3) {
    case 0:
      return {
        '@odata.type':
          '#microsoft.graph.deviceManagementConfigurationChoiceSettingInstance',
        ...base,
        choiceSettingValue: {
          settingValueTemplateReference: null,
          value: `${definitionId}_${rng.int(0, 2)}`,
          children: [],
        },
      };
    case 1:
      return {
        '@odata.type':
          '#microsoft.graph.deviceManagementConfigurationSimpleSettingInstance',
        ...base,
        simpleSettingValue: {
          '@odata.type':
            '#microsoft.graph.deviceManagementConfigurationIntegerSettingValue',
          settingValueTemplateReference: null,
          value: rng.int(0, 100),
        },
      };
    default:
      return {
        '@odata.type':
          '#microsoft.graph.deviceManagementConfigurationSimpleSettingCollectionInstance',
        ...base,
        simpleSettingCollectionValue: ['.log', '.tmp', '.bak']
          .slice(0, rng.int(1, 3))
          .map((value) => ({
            '@odata.type':
              '#microsoft.graph.deviceManagementConfigurationStringSettingValue',
            settingValueTemplateReference: null,
            value,
          })),
      };
  }
}
