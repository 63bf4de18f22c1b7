import { Command } from '@nestjs/cqrs';

import { CaptureOptions } from '../run-events';
import { RunStatus } from '../run-state';

export interface AddPoliciesResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly reused: boolean;
  /** Position of the run's request; pass back to read your own write. */
  readonly position: string | null;
}

/**
 * "Add selected": capture these policies into this backup set. The
 * correlation id comes from the async context (the HTTP request id).
 */
export class AddPoliciesCommand extends Command<AddPoliciesResult> {
  constructor(
    readonly tenantId: string,
    readonly backupSetId: string,
    readonly policyIds: readonly string[],
    readonly options: CaptureOptions,
    readonly userId: string,
  ) {
    super();
  }
}
