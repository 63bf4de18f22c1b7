import { Rng } from './deterministic';
import { Resource, resource } from './resource';
import { Foundations } from './seed-context';

const ALL_DEVICES = 'adadadad-808e-44e2-905a-0b7873a8a531';
const ALL_USERS = 'acacacac-9df4-4c7d-9d50-4ef0226f57a9';

/**
 * Assignments the way Intune returns them: group targets (some with an
 * assignment filter), exclusions and the virtual all-devices/all-users
 * groups, with ids of the form `{policyId}_{groupId}`.
 */
export function seedAssignments(
  rng: Rng,
  foundations: Foundations,
  policyId: string,
  odataType: string,
  count = rng.int(0, 3),
): Resource[] {
  const groups = rng.some(foundations.groupIds, count, count);
  return groups.map((groupId, index) => {
    const kind = index === 2 ? 'exclusion' : rng.pick(['group', 'all']);
    const filter =
      kind === 'exclusion' ? undefined : filterFor(rng, foundations);
    const target =
      kind === 'all'
        ? {
            '@odata.type': rng.bool()
              ? '#microsoft.graph.allDevicesAssignmentTarget'
              : '#microsoft.graph.allLicensedUsersAssignmentTarget',
          }
        : {
            '@odata.type':
              kind === 'exclusion'
                ? '#microsoft.graph.exclusionGroupAssignmentTarget'
                : '#microsoft.graph.groupAssignmentTarget',
            groupId,
          };
    const targetId =
      kind !== 'all'
        ? groupId
        : target['@odata.type'].includes('allDevices')
          ? ALL_DEVICES
          : ALL_USERS;
    return resource({
      '@odata.type': odataType,
      id: `${policyId}_${targetId}${kind === 'all' ? `_${index}` : ''}`,
      target: {
        ...target,
        deviceAndAppManagementAssignmentFilterId: filter?.id ?? null,
        deviceAndAppManagementAssignmentFilterType: filter
          ? rng.pick(['include', 'exclude'])
          : 'none',
      },
    });
  });
}

function filterFor(rng: Rng, foundations: Foundations) {
  return rng.bool(0.5) ? rng.pick(foundations.assignmentFilters) : undefined;
}
