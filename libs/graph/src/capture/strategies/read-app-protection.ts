import { CaptureStrategy, itemPath } from '../capture-strategy';
import { PolicyType } from '../policy-type';

/**
 * Reads a managed-app policy with `$expand=apps`. App protection policies are listed in the mixed `managedAppPolicies`
 * collection but are complete only when re-read from their own typed
 * collection with `$expand=apps`; assignments come from there too.
 */
export function readAppProtection(
  policyType: PolicyType,
  collectionPath: string,
): CaptureStrategy {
  return {
    policyType,
    collectionPath,
    async capture(reader, graphId) {
      const policy = await reader.get(
        `${itemPath(collectionPath, graphId)}?$expand=apps`,
      );
      await reader.completeExpanded(policy, 'apps');
      return policy;
    },
  };
}
