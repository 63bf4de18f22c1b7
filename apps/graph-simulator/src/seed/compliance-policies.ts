import { seedAssignments } from './assignments';
import { Rng } from './deterministic';
import { GraphObject, resource } from './resource';
import { Foundations, pickScopeTags, SeedContext } from './seed-context';
import { describePolicy, SeededResource } from './seeded-policy';

const KINDS: readonly [string, (rng: Rng) => GraphObject][] = [
  [
    'windows10CompliancePolicy',
    (rng) => ({
      passwordRequired: rng.bool(),
      passwordMinimumLength: rng.int(6, 14),
      osMinimumVersion: '10.0.19045',
      bitLockerEnabled: true,
      secureBootEnabled: true,
      codeIntegrityEnabled: true,
      defenderEnabled: rng.bool(0.8),
      deviceThreatProtectionEnabled: false,
    }),
  ],
  [
    'iosCompliancePolicy',
    (rng) => ({
      passcodeRequired: true,
      passcodeMinimumLength: rng.int(4, 8),
      osMinimumVersion: '17.0',
      securityBlockJailbrokenDevices: true,
    }),
  ],
  [
    'androidWorkProfileCompliancePolicy',
    (rng) => ({
      passwordRequired: true,
      passwordMinimumLength: rng.int(4, 8),
      securityBlockJailbrokenDevices: true,
      securityRequireSafetyNetAttestationBasicIntegrity: rng.bool(),
    }),
  ],
];

export function seedCompliancePolicy(
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
): SeededResource {
  const rng = ctx.rng('deviceCompliancePolicy', index);
  const id = ctx.id('deviceCompliancePolicy', index);
  const [kind, properties] = KINDS[index % KINDS.length];
  const actions = [
    action(ctx, rng, id, 'block', 0, null),
    action(
      ctx,
      rng,
      id,
      'notification',
      24,
      rng.pick(foundations.notificationTemplateIds),
    ),
  ];
  if (rng.bool(0.3)) actions.push(action(ctx, rng, id, 'retire', 720, null));
  const rule = resource(
    {
      '@odata.type': '#microsoft.graph.deviceComplianceScheduledActionForRule',
      id: ctx.id('scheduledActionForRule', id),
      ruleName: 'PasswordRequired',
    },
    { collections: { scheduledActionConfigurations: actions } },
  );
  const policy = resource(
    {
      '@odata.type': `#microsoft.graph.${kind}`,
      id,
      displayName: `Compliance - ${kind.replace('CompliancePolicy', '')} ${index + 1}`,
      description: '',
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      roleScopeTagIds: pickScopeTags(rng, foundations),
      version: rng.int(1, 9),
      ...properties(rng),
    },
    {
      collections: {
        scheduledActionsForRule: [rule],
        assignments: seedAssignments(
          rng,
          foundations,
          id,
          '#microsoft.graph.deviceCompliancePolicyAssignment',
        ),
      },
    },
  );
  return describePolicy('compliancePolicy', policy, 0, {
    scheduledActionConfigurations: actions.length,
  });
}

function action(
  ctx: SeedContext,
  rng: Rng,
  policyId: string,
  actionType: string,
  gracePeriodHours: number,
  notificationTemplateId: string | null,
) {
  return resource({
    '@odata.type': '#microsoft.graph.deviceComplianceActionItem',
    id: ctx.id('complianceActionItem', policyId, actionType),
    gracePeriodHours,
    actionType,
    notificationTemplateId:
      notificationTemplateId ?? '00000000-0000-0000-0000-000000000000',
    notificationMessageCCList: rng.bool(0.3) ? [ctx.id('group', 0)] : [],
  });
}
