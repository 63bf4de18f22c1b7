import type { GraphObject } from '@app/graph';
import type { PolicyType, SeenPolicy } from '@app/reference-data';

/**
 * An inventory entry for one item of a type's own Graph collection, or
 * `undefined` for an item without an id (nothing could select it).
 * Settings catalog policies carry `name` instead of `displayName`.
 */
export function toSeenPolicy(
  policyType: PolicyType,
  item: GraphObject,
): SeenPolicy | undefined {
  const graphId = text(item.id);
  if (!graphId) return undefined;
  return {
    graphId,
    policyType,
    odataType: text(item['@odata.type']) ?? null,
    displayName: text(item.displayName) ?? text(item.name) ?? graphId,
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
