import { seedAssignments } from './assignments';
import { Rng } from './deterministic';
import { GraphObject, resource, Resource } from './resource';
import { Foundations, pickScopeTags, SeedContext } from './seed-context';
import { describePolicy, SeededResource } from './seeded-policy';

const CATEGORIES = [
  '\\Microsoft Edge\\Content settings',
  '\\OneDrive',
  '\\Microsoft Office 2016\\Security Settings',
  '\\Windows Components\\Remote Desktop Services',
];
const PRESENTATIONS = ['TextBox', 'CheckBox', 'DecimalTextBox', 'ListBox'];

export function seedAdministrativeTemplate(
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
): SeededResource {
  const rng = ctx.rng('groupPolicyConfiguration', index);
  const id = ctx.id('groupPolicyConfiguration', index);
  // Every third policy has more definition values than a page holds.
  const count = index % 3 === 0 ? 28 : rng.int(3, 12);
  let presentationValues = 0;
  const definitionValues = Array.from({ length: count }, (_, position) => {
    const value = definitionValue(ctx, rng, id, position);
    presentationValues += value.collections.presentationValues.length;
    return value;
  });
  const policy = resource(
    {
      '@odata.type': '#microsoft.graph.groupPolicyConfiguration',
      id,
      displayName: `ADMX - ${CATEGORIES[index % CATEGORIES.length].split('\\')[1]} ${index + 1}`,
      description: '',
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      roleScopeTagIds: pickScopeTags(rng, foundations),
      policyConfigurationIngestionType: 'builtIn',
    },
    {
      collections: {
        definitionValues,
        assignments: seedAssignments(
          rng,
          foundations,
          id,
          '#microsoft.graph.groupPolicyConfigurationAssignment',
        ),
      },
    },
  );
  return describePolicy('administrativeTemplate', policy, count, {
    presentationValues,
  });
}

function definitionValue(
  ctx: SeedContext,
  rng: Rng,
  policyId: string,
  position: number,
): Resource {
  const category = CATEGORIES[position % CATEGORIES.length];
  const definitionId = ctx.id('groupPolicyDefinition', category, position);
  const presentationCount = rng.int(0, 3);
  const presentationValues = Array.from(
    { length: presentationCount },
    (_, slot) => presentationValue(ctx, rng, policyId, definitionId, slot),
  );
  return resource(
    {
      '@odata.type': '#microsoft.graph.groupPolicyDefinitionValue',
      id: ctx.id('groupPolicyDefinitionValue', policyId, position),
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      enabled: rng.bool(0.8),
      configurationType: 'policy',
    },
    {
      collections: { presentationValues },
      references: {
        definition: {
          '@odata.type': '#microsoft.graph.groupPolicyDefinition',
          id: definitionId,
          classType: rng.pick(['machine', 'user']),
          displayName: `Setting ${position + 1} of ${category}`,
          explainText: 'Controls how the component behaves when enabled.',
          categoryPath: category,
          supportedOn: 'At least Windows 10',
          policyType: 'admxBacked',
          hasRelatedDefinitions: false,
          groupPolicyCategoryId: ctx.id('groupPolicyCategory', category),
          minDeviceCspVersion: '10.0',
          minUserCspVersion: '10.0',
          version: '1.0',
          lastModifiedDateTime: ctx.dateTime(rng),
        },
      },
    },
  );
}

function presentationValue(
  ctx: SeedContext,
  rng: Rng,
  policyId: string,
  definitionId: string,
  slot: number,
): Resource {
  const kind = PRESENTATIONS[slot % PRESENTATIONS.length];
  const valueProperties: Record<string, GraphObject> = {
    TextBox: { type: 'Text', value: `value-${rng.int(1, 999)}` },
    CheckBox: { type: 'Boolean', value: rng.bool() },
    DecimalTextBox: { type: 'Decimal', value: rng.int(1, 3600) },
    ListBox: {
      type: 'List',
      values: [{ name: 'https://contoso.example', value: null }],
    },
  };
  const { type, ...value } = valueProperties[kind];
  return resource(
    {
      '@odata.type': `#microsoft.graph.groupPolicyPresentationValue${String(type)}`,
      id: ctx.id('groupPolicyPresentationValue', policyId, definitionId, slot),
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      ...value,
    },
    {
      references: {
        presentation: {
          '@odata.type': `#microsoft.graph.groupPolicyPresentation${kind}`,
          id: ctx.id('groupPolicyPresentation', definitionId, slot),
          label: `${kind} ${slot + 1}`,
          lastModifiedDateTime: ctx.dateTime(rng),
        },
      },
    },
  );
}
