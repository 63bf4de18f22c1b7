import { GraphObject } from '../client/graph-tenant-client';

/** Scope tag `0` is the built-in Default tag every policy may carry. */
export const DEFAULT_SCOPE_TAG_ID = '0';

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** The policy's scope tag ids, as Graph lists them. */
export function scopeTagIdsOf(policy: GraphObject): string[] {
  const ids = policy.roleScopeTagIds;
  return Array.isArray(ids)
    ? ids.filter((id): id is string => typeof id === 'string')
    : [];
}

/** Distinct assignment filter ids the assignments use, in first-seen order. */
export function assignmentFilterIdsOf(assignments: GraphObject[]): string[] {
  const ids = new Set<string>();
  for (const assignment of assignments) {
    const target = assignment.target as GraphObject | undefined;
    const id = target?.deviceAndAppManagementAssignmentFilterId;
    if (typeof id === 'string' && id && id !== EMPTY_GUID) ids.add(id);
  }
  return [...ids];
}

/** Notification templates a compliance policy's scheduled actions use. */
export function notificationTemplateIdsOf(policy: GraphObject): string[] {
  const ids = new Set<string>();
  const rules = Array.isArray(policy.scheduledActionsForRule)
    ? (policy.scheduledActionsForRule as GraphObject[])
    : [];
  for (const rule of rules) {
    const actions = Array.isArray(rule.scheduledActionConfigurations)
      ? (rule.scheduledActionConfigurations as GraphObject[])
      : [];
    for (const action of actions) {
      const id = action.notificationTemplateId;
      if (typeof id === 'string' && id && id !== EMPTY_GUID) ids.add(id);
    }
  }
  return [...ids];
}
