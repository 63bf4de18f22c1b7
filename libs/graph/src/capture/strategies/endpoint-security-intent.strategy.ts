import { CaptureStrategy, itemPath } from '../capture-strategy';

const COLLECTION = 'deviceManagement/intents';

/** Legacy endpoint security intents with all their settings, paged. */
export const endpointSecurityIntentStrategy: CaptureStrategy = {
  policyType: 'endpointSecurityIntent',
  collectionPath: COLLECTION,
  async capture(reader, graphId) {
    const path = itemPath(COLLECTION, graphId);
    const policy = await reader.get(path);
    policy.settings = await reader.list(`${path}/settings`);
    return policy;
  },
};
