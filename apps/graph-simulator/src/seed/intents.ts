import { seedAssignments } from './assignments';
import { Rng } from './deterministic';
import { resource } from './resource';
import { Foundations, pickScopeTags, SeedContext } from './seed-context';
import { describePolicy, SeededResource } from './seeded-policy';

const TEMPLATES = [
  [
    'd1174162-1dd2-4976-affc-6667049ab0ae',
    'windows10EndpointProtectionConfiguration_bitLocker',
  ],
  [
    '4356d05c-a4ab-4a07-9ece-739f7c792910',
    'windows10EndpointProtectionConfiguration_firewall',
  ],
];

export function seedIntent(
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
): SeededResource {
  const rng = ctx.rng('intent', index);
  const id = ctx.id('intent', index);
  const [templateId, prefix] = TEMPLATES[index % TEMPLATES.length];
  const count = index % 2 === 0 ? 30 : rng.int(8, 20);
  const settings = Array.from({ length: count }, (_, position) =>
    setting(ctx, rng, id, prefix, position),
  );
  const assignments = seedAssignments(
    rng,
    foundations,
    id,
    '#microsoft.graph.deviceManagementIntentAssignment',
  );
  const intent = resource(
    {
      '@odata.type': '#microsoft.graph.deviceManagementIntent',
      id,
      displayName: `Intent - ${prefix.split('_')[1]} ${index + 1}`,
      description: '',
      isAssigned: assignments.length > 0,
      isMigratingToConfigurationPolicy: false,
      lastModifiedDateTime: ctx.dateTime(rng),
      templateId,
      roleScopeTagIds: pickScopeTags(rng, foundations),
    },
    { collections: { settings, assignments } },
  );
  return describePolicy('intent', intent, count);
}

function setting(
  ctx: SeedContext,
  rng: Rng,
  intentId: string,
  prefix: string,
  position: number,
) {
  const definitionId = `deviceConfiguration--${prefix}Setting${position + 1}`;
  const id = ctx.id('intentSetting', intentId, position);
  switch (position % 3) {
    case 0: {
      const value = rng.bool();
      return resource({
        '@odata.type':
          '#microsoft.graph.deviceManagementBooleanSettingInstance',
        id,
        definitionId,
        valueJson: JSON.stringify(value),
        value,
      });
    }
    case 1: {
      const value = rng.int(0, 365);
      return resource({
        '@odata.type':
          '#microsoft.graph.deviceManagementIntegerSettingInstance',
        id,
        definitionId,
        valueJson: JSON.stringify(value),
        value,
      });
    }
    default: {
      const value = rng.pick(['notConfigured', 'enabled', 'disabled']);
      return resource({
        '@odata.type': '#microsoft.graph.deviceManagementStringSettingInstance',
        id,
        definitionId,
        valueJson: JSON.stringify(value),
        value,
      });
    }
  }
}
