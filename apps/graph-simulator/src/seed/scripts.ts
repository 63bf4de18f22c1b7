import { seedAssignments } from './assignments';
import { GraphObject, resource } from './resource';
import { Foundations, pickScopeTags, SeedContext } from './seed-context';
import {
  describePolicy,
  SeededResource,
  SimulatedPolicyType,
} from './seeded-policy';

interface ScriptKind {
  readonly odataType: string;
  readonly assignmentType: string;
  /** Properties that lists return as null and reads by id fill in. */
  readonly contentProperties: readonly string[];
  extra(index: number): GraphObject;
}

const KINDS: Record<string, ScriptKind> = {
  deviceManagementScript: {
    odataType: '#microsoft.graph.deviceManagementScript',
    assignmentType: '#microsoft.graph.deviceManagementScriptAssignment',
    contentProperties: ['scriptContent'],
    extra: (index) => ({
      runAsAccount: index % 2 ? 'user' : 'system',
      enforceSignatureCheck: false,
      fileName: `configure-${index + 1}.ps1`,
      runAs32Bit: false,
    }),
  },
  deviceShellScript: {
    odataType: '#microsoft.graph.deviceShellScript',
    assignmentType: '#microsoft.graph.deviceManagementScriptAssignment',
    contentProperties: ['scriptContent'],
    extra: (index) => ({
      runAsAccount: 'system',
      fileName: `configure-${index + 1}.sh`,
      executionFrequency: 'PT0S',
      retryCount: 3,
      blockExecutionNotifications: true,
    }),
  },
  deviceHealthScript: {
    odataType: '#microsoft.graph.deviceHealthScript',
    assignmentType: '#microsoft.graph.deviceHealthScriptAssignment',
    contentProperties: ['detectionScriptContent', 'remediationScriptContent'],
    extra: () => ({
      publisher: 'Contoso IT',
      version: '1',
      runAsAccount: 'system',
      runAs32Bit: false,
      enforceSignatureCheck: false,
      isGlobalScript: false,
      highestAvailableVersion: null,
      deviceHealthScriptType: 'deviceHealthScript',
      detectionScriptParameters: [],
      remediationScriptParameters: [],
    }),
  },
};

export function seedScript(
  type: ScriptType,
  ctx: SeedContext,
  foundations: Foundations,
  index: number,
): SeededResource {
  const kind = KINDS[type];
  const rng = ctx.rng(type, index);
  const id = ctx.id(type, index);
  const content: GraphObject = {};
  for (const property of kind.contentProperties) {
    const body = `# ${property} of script ${index + 1}\nWrite-Output "check ${rng.int(1, 9999)}"\nexit 0\n`;
    content[property] = Buffer.from(body).toString('base64');
  }
  const script = resource(
    {
      '@odata.type': kind.odataType,
      id,
      displayName: `Script - ${type} ${index + 1}`,
      description: '',
      createdDateTime: ctx.dateTime(rng),
      lastModifiedDateTime: ctx.dateTime(rng),
      roleScopeTagIds: pickScopeTags(rng, foundations),
      ...kind.extra(index),
      ...content,
    },
    {
      listOverrides: Object.fromEntries(
        kind.contentProperties.map((property) => [property, null]),
      ),
      collections: {
        assignments: seedAssignments(rng, foundations, id, kind.assignmentType),
      },
    },
  );
  return describePolicy(type, script);
}

type ScriptType = Extract<
  SimulatedPolicyType,
  'deviceManagementScript' | 'deviceShellScript' | 'deviceHealthScript'
>;

export function scriptSeeder(type: ScriptType) {
  return (ctx: SeedContext, foundations: Foundations, index: number) =>
    seedScript(type, ctx, foundations, index);
}
