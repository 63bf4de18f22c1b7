import type { AuditEvent, RunStatus } from './types';

/** A run as it stood right after one of its events. */
export interface ReplayState {
  readonly status: RunStatus;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly failureReason: string | null;
}

const EMPTY: ReplayState = {
  status: 'pending',
  total: 0,
  succeeded: 0,
  failed: 0,
  failureReason: null,
};

/**
 * Folds a run's events the way the service does, so the slider can show
 * any point of the history without a call per step. An outcome counts once
 * per policy, as in the service, should an event be recorded twice.
 */
export function replayStates(events: readonly AuditEvent[]): ReplayState[] {
  const seen = new Set<string>();
  const states: ReplayState[] = [];
  let state = EMPTY;
  for (const event of events) {
    state = step(state, event, seen);
    states.push(state);
  }
  return states;
}

function step(
  state: ReplayState,
  event: AuditEvent,
  seen: Set<string>,
): ReplayState {
  const data = event.data;
  switch (event.type) {
    case 'AddPoliciesRequested':
      seen.clear();
      return {
        ...EMPTY,
        total: (data.policyIds as unknown[] | undefined)?.length ?? 0,
      };
    case 'BulkOperationRunStarted':
      return state.status === 'pending'
        ? { ...state, status: 'running' }
        : state;
    case 'PolicyCaptured':
    case 'PolicyCaptureFailed': {
      const policyId = String(data.policyId);
      if (seen.has(policyId)) return state;
      seen.add(policyId);
      return event.type === 'PolicyCaptured'
        ? { ...state, succeeded: state.succeeded + 1 }
        : { ...state, failed: state.failed + 1 };
    }
    case 'BulkOperationRunCompleted':
      return { ...state, status: data.status as RunStatus };
    case 'BulkOperationRunFailed':
      return {
        ...state,
        status: 'failed',
        failureReason: `${String(data.reasonCode)}: ${String(data.message)}`,
      };
    default:
      return state;
  }
}
