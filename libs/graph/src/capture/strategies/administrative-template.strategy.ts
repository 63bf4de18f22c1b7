import { CaptureStrategy, itemPath } from '../capture-strategy';
import { mapLimited } from '../map-limited';

const COLLECTION = 'deviceManagement/groupPolicyConfigurations';

/** Presentation reads in flight per policy (2 + N reads in total). */
const CONCURRENCY = 4;

/**
 * Administrative templates: the policy, its definition values with their
 * definitions, then each value's presentation values with their
 * presentations, every collection paged to the end.
 */
export const administrativeTemplateStrategy: CaptureStrategy = {
  policyType: 'administrativeTemplate',
  collectionPath: COLLECTION,
  async capture(reader, graphId) {
    const path = itemPath(COLLECTION, graphId);
    const policy = await reader.get(path);
    const values = await reader.list(
      `${path}/definitionValues?$expand=definition`,
    );
    policy.definitionValues = await mapLimited(
      values,
      CONCURRENCY,
      async (value) => ({
        ...value,
        presentationValues: await reader.list(
          `${path}/definitionValues/${encodeURIComponent(String(value.id))}/presentationValues?$expand=presentation`,
        ),
      }),
    );
    return policy;
  },
};
