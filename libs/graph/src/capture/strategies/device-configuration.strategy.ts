import { GraphObject } from '../../client/graph-tenant-client';
import { CaptureStrategy, itemPath } from '../capture-strategy';
import { GraphReader } from '../graph-reader';

const COLLECTION = 'deviceManagement/deviceConfigurations';

/**
 * Device configurations. Custom Windows profiles hold encrypted OMA values
 * that Graph only returns as ciphertext; each is resolved with
 * `getOmaSettingPlainTextValue` so the snapshot can be restored. The
 * `secretReferenceValueId` is kept beside the plain value.
 */
export const deviceConfigurationStrategy: CaptureStrategy = {
  policyType: 'deviceConfiguration',
  collectionPath: COLLECTION,
  async capture(reader, graphId) {
    const path = itemPath(COLLECTION, graphId);
    const policy = await reader.get(path);
    const settings = policy.omaSettings;
    if (Array.isArray(settings)) {
      policy.omaSettings = await Promise.all(
        settings.map((setting: GraphObject) =>
          resolveEncrypted(reader, path, setting),
        ),
      );
    }
    return policy;
  },
};

async function resolveEncrypted(
  reader: GraphReader,
  path: string,
  setting: GraphObject,
): Promise<GraphObject> {
  const reference = setting.secretReferenceValueId;
  if (setting.isEncrypted !== true || typeof reference !== 'string') {
    return setting;
  }
  const escaped = encodeURIComponent(reference.replace(/'/g, "''"));
  const plain = await reader.get(
    `${path}/getOmaSettingPlainTextValue(secretReferenceValueId='${escaped}')`,
  );
  return { ...setting, value: plain.value };
}
