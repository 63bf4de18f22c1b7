import {
  BulkOperationRunCompleted,
  PolicyCaptured,
  PolicyCaptureFailed,
} from './run-events';
import { isActive, StreamState } from './run-state';

export type ItemResult =
  | {
      readonly kind: 'captured';
      readonly policyType: string;
      readonly snapshotHash: string;
      readonly attempts: number;
    }
  | {
      readonly kind: 'failed';
      /** Known once the policy was found; for metrics, not recorded. */
      readonly policyType?: string;
      readonly reasonCode: string;
      readonly message: string;
      readonly attempts: number;
    };

export type RecordOutcome = {
  readonly runId: string;
  readonly policyId: string;
  readonly result: ItemResult;
};

export type OutcomeEvent =
  PolicyCaptured | PolicyCaptureFailed | BulkOperationRunCompleted;

export type OutcomeDecision =
  | { readonly kind: 'append'; readonly events: readonly OutcomeEvent[] }
  /** The item already has its outcome, or the run is over: nothing to do. */
  | { readonly kind: 'already_recorded' }
  | { readonly kind: 'unknown_item' };

/**
 * An item's outcome, and with the run's last outcome its terminal event,
 * so both are appended atomically and the run ends exactly once.
 */
export function decideOutcome(
  state: StreamState,
  command: RecordOutcome,
): OutcomeDecision {
  const run = state.current;
  if (!run || run.runId !== command.runId || !isActive(run)) {
    return { kind: 'already_recorded' };
  }
  if (!run.policyIds.includes(command.policyId))
    return { kind: 'unknown_item' };
  if (run.outcomes.has(command.policyId)) return { kind: 'already_recorded' };

  const { runId, policyId, result } = command;
  const outcome: PolicyCaptured | PolicyCaptureFailed =
    result.kind === 'captured'
      ? {
          type: 'PolicyCaptured',
          data: {
            runId,
            policyId,
            policyType: result.policyType,
            snapshotHash: result.snapshotHash,
            attempts: result.attempts,
          },
        }
      : {
          type: 'PolicyCaptureFailed',
          data: {
            runId,
            policyId,
            reasonCode: result.reasonCode,
            message: result.message,
            attempts: result.attempts,
          },
        };

  const succeeded = run.succeeded + (result.kind === 'captured' ? 1 : 0);
  const failed = run.failed + (result.kind === 'failed' ? 1 : 0);
  if (succeeded + failed < run.policyIds.length) {
    return { kind: 'append', events: [outcome] };
  }
  return {
    kind: 'append',
    events: [
      outcome,
      {
        type: 'BulkOperationRunCompleted',
        data: {
          runId,
          status: failed === 0 ? 'completed' : 'completed_with_errors',
          total: run.policyIds.length,
          succeeded,
          failed,
          skipped: 0,
        },
      },
    ],
  };
}
