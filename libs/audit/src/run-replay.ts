import {
  BulkOperationEvent,
  evolveAll,
  initialStreamState,
  RunStatus,
} from '@app/bulk-operations';
import { RecordedEvent } from '@app/event-store';

export interface ReplayedOutcome {
  readonly policyId: string;
  readonly outcome: 'captured' | 'failed' | 'pending';
  readonly snapshotHash?: string;
  readonly reasonCode?: string;
  readonly message?: string;
}

/** A run as it was right after one of its events. */
export interface RunReplay {
  readonly runId: string;
  readonly revision: number;
  readonly eventType: string;
  readonly recordedAt: string;
  readonly status: RunStatus;
  readonly total: number;
  readonly processed: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly pending: number;
  readonly failureReason: { code: string; message: string } | null;
  readonly items: ReplayedOutcome[];
}

/**
 * Folds a run's events with the service's own `evolve`.
 * @param events the run's events in order, from its request on.
 */
export function replayRun(events: readonly RecordedEvent[]): RunReplay {
  const last = events[events.length - 1];
  const state = evolveAll(
    initialStreamState,
    events as ReadonlyArray<RecordedEvent & BulkOperationEvent>,
  );
  const run = state.current;
  if (!run || !last) throw new Error('no run in these events');
  const items = run.policyIds.map((policyId): ReplayedOutcome => {
    const outcome = run.outcomes.get(policyId);
    if (!outcome) return { policyId, outcome: 'pending' };
    return outcome.kind === 'captured'
      ? { policyId, outcome: 'captured', snapshotHash: outcome.snapshotHash }
      : {
          policyId,
          outcome: 'failed',
          reasonCode: outcome.reasonCode,
          message: outcome.message,
        };
  });
  return {
    runId: run.runId,
    revision: Number(last.revision),
    eventType: last.type,
    recordedAt: last.recordedAt.toISOString(),
    status: run.status,
    total: run.policyIds.length,
    processed: run.succeeded + run.failed,
    succeeded: run.succeeded,
    failed: run.failed,
    pending: run.policyIds.length - run.succeeded - run.failed,
    failureReason: run.failureReason ?? null,
    items,
  };
}
