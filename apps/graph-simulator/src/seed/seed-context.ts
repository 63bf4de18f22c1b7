import { Rng, uuidFrom } from './deterministic';

/** The built-in scope tag every tenant has. */
export const DEFAULT_SCOPE_TAG_ID = '0';

export interface AssignmentFilterRef {
  readonly id: string;
  readonly platform: string;
}

/** Ids every policy generator may reference, created before the policies. */
export interface Foundations {
  readonly scopeTagIds: readonly string[];
  readonly assignmentFilters: readonly AssignmentFilterRef[];
  readonly groupIds: readonly string[];
  readonly iosAppIds: readonly string[];
  readonly androidAppIds: readonly string[];
  readonly notificationTemplateIds: readonly string[];
}

/** Derives ids, random streams and dates for one tenant from the seed. */
export class SeedContext {
  constructor(
    readonly seed: number,
    readonly tenantKey: string,
  ) {}

  id(...parts: (string | number)[]): string {
    return uuidFrom(this.seed, this.tenantKey, ...parts);
  }

  rng(...parts: (string | number)[]): Rng {
    return new Rng(this.seed, this.tenantKey, ...parts);
  }

  /** A fixed point in 2024-2025, so data does not depend on today. */
  dateTime(rng: Rng): string {
    const start = Date.UTC(2024, 0, 1);
    const offset = rng.int(0, 600 * 24 * 60) * 60_000;
    return new Date(start + offset).toISOString().replace('.000Z', 'Z');
  }
}

/** Scope tags for a policy: the built-in one or one or two custom ones. */
export function pickScopeTags(rng: Rng, foundations: Foundations): string[] {
  if (rng.bool(0.4)) return [DEFAULT_SCOPE_TAG_ID];
  const custom = foundations.scopeTagIds.filter(
    (id) => id !== DEFAULT_SCOPE_TAG_ID,
  );
  return rng.some(custom, 1, 2);
}
