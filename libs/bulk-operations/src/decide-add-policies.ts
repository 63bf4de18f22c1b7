import { AddPoliciesRequested, CaptureOptions } from './run-events';
import { isActive, RunState, StreamState } from './run-state';

export interface AddPolicies {
  /** The id a new run gets; unused when an active run is reused. */
  readonly newRunId: string;
  readonly tenantId: string;
  readonly backupSetId: string;
  /** Canonical: sorted and de-duplicated. */
  readonly policyIds: readonly string[];
  readonly options: CaptureOptions;
  readonly requestedBy: string;
  readonly idempotencyKey: string;
}

export type AddPoliciesDecision =
  | { readonly kind: 'start'; readonly event: AddPoliciesRequested }
  | { readonly kind: 'reuse'; readonly run: RunState };

/**
 * An identical selection while a run is active reuses that run; otherwise
 * (no run yet, or the last one finished) a new run starts in the stream.
 */
export function decideAddPolicies(
  state: StreamState,
  command: AddPolicies,
): AddPoliciesDecision {
  if (isActive(state.current)) return { kind: 'reuse', run: state.current };

  return {
    kind: 'start',
    event: {
      type: 'AddPoliciesRequested',
      data: {
        runId: command.newRunId,
        tenantId: command.tenantId,
        backupSetId: command.backupSetId,
        policyIds: command.policyIds,
        options: command.options,
        requestedBy: command.requestedBy,
        idempotencyKey: command.idempotencyKey,
      },
    },
  };
}
