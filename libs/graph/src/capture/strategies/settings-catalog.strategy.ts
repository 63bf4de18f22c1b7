import { CaptureStrategy, itemPath } from '../capture-strategy';

const COLLECTION = 'deviceManagement/configurationPolicies';

/**
 * Settings catalog policies (endpoint security policies of the new kind
 * included): the policy, then its `settings` collection page by page;
 * `$expand=settings` is not used because an expanded list is not paged.
 */
export const settingsCatalogStrategy: CaptureStrategy = {
  policyType: 'settingsCatalog',
  collectionPath: COLLECTION,
  async capture(reader, graphId) {
    const path = itemPath(COLLECTION, graphId);
    const policy = await reader.get(path);
    policy.settings = await reader.list(`${path}/settings`);
    return policy;
  },
};
