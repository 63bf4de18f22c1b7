import {
  BulkOperationEvent,
  CaptureOptions,
  TerminalStatus,
} from './run-events';

export type RunStatus = 'pending' | 'running' | TerminalStatus;

export type ItemOutcome =
  | { readonly kind: 'captured'; readonly snapshotHash: string }
  | {
      readonly kind: 'failed';
      readonly reasonCode: string;
      readonly message: string;
    };

/** One run of a stream, as its events describe it. */
export interface RunState {
  readonly runId: string;
  readonly tenantId: string;
  readonly backupSetId: string;
  readonly policyIds: readonly string[];
  readonly options: CaptureOptions;
  readonly requestedBy: string;
  readonly idempotencyKey: string;
  readonly status: RunStatus;
  readonly outcomes: ReadonlyMap<string, ItemOutcome>;
  readonly succeeded: number;
  readonly failed: number;
  /** Set once a terminal event exists. */
  readonly failureReason?: { readonly code: string; readonly message: string };
}

/** A bulk operation stream: its runs, the last one current. */
export interface StreamState {
  /** Revision of the last event; -1n for a stream that does not exist. */
  readonly revision: bigint;
  readonly current: RunState | null;
}

export const initialStreamState: StreamState = {
  revision: -1n,
  current: null,
};

export const ACTIVE_STATUSES: readonly RunStatus[] = ['pending', 'running'];

export function isActive(run: RunState | null): run is RunState {
  return run !== null && ACTIVE_STATUSES.includes(run.status);
}

/**
 * Folds one event into the stream state. Events of a run other than the
 * current one are ignored: a run's events never interleave with another's.
 */
export function evolve(
  state: StreamState,
  event: BulkOperationEvent,
  revision: bigint = state.revision + 1n,
): StreamState {
  return { revision, current: evolveRun(state.current, event, null) };
}

/**
 * Folds events in order, as {@link evolve} does one at a time, but copies
 * the current run's outcome map once per fold rather than once per outcome
 * (folding a 5,000-item run event by event copied 12.5 million entries).
 * The states a fold passes through share that map: read `state` between
 * `apply` calls if needed, but keep only the last one.
 */
export class StreamFold {
  private readonly scratch: FoldScratch = { owned: null };

  constructor(private current: StreamState) {}

  get state(): StreamState {
    return this.current;
  }

  apply(
    event: BulkOperationEvent,
    revision: bigint = this.current.revision + 1n,
  ): StreamState {
    this.current = {
      revision,
      current: evolveRun(this.current.current, event, this.scratch),
    };
    return this.current;
  }
}

/** {@link StreamFold} over recorded events, each at its own revision. */
export function evolveAll(
  state: StreamState,
  events: Iterable<BulkOperationEvent & { readonly revision?: bigint }>,
): StreamState {
  const fold = new StreamFold(state);
  for (const event of events) fold.apply(event, event.revision);
  return fold.state;
}

/** The outcome map a fold created and may therefore extend in place. */
interface FoldScratch {
  owned: Map<string, ItemOutcome> | null;
}

function evolveRun(
  run: RunState | null,
  event: BulkOperationEvent,
  scratch: FoldScratch | null,
): RunState | null {
  if (event.type === 'AddPoliciesRequested') {
    const { data } = event;
    return {
      runId: data.runId,
      tenantId: data.tenantId,
      backupSetId: data.backupSetId,
      policyIds: data.policyIds,
      options: data.options,
      requestedBy: data.requestedBy,
      idempotencyKey: data.idempotencyKey,
      status: 'pending',
      outcomes: new Map(),
      succeeded: 0,
      failed: 0,
    };
  }
  if (run === null || run.runId !== event.data.runId) return run;

  switch (event.type) {
    case 'BulkOperationRunStarted':
      return run.status === 'pending' ? { ...run, status: 'running' } : run;
    case 'PolicyCaptured':
      return withOutcome(
        run,
        event.data.policyId,
        { kind: 'captured', snapshotHash: event.data.snapshotHash },
        scratch,
      );
    case 'PolicyCaptureFailed':
      return withOutcome(
        run,
        event.data.policyId,
        {
          kind: 'failed',
          reasonCode: event.data.reasonCode,
          message: event.data.message,
        },
        scratch,
      );
    case 'BulkOperationRunCompleted':
      return { ...run, status: event.data.status };
    case 'BulkOperationRunFailed':
      return {
        ...run,
        status: 'failed',
        failureReason: {
          code: event.data.reasonCode,
          message: event.data.message,
        },
      };
    default:
      return assertNever(event);
  }
}

function withOutcome(
  run: RunState,
  policyId: string,
  outcome: ItemOutcome,
  scratch: FoldScratch | null,
): RunState {
  if (run.outcomes.has(policyId)) return run;
  let outcomes: Map<string, ItemOutcome>;
  if (scratch !== null && scratch.owned === run.outcomes) {
    outcomes = scratch.owned.set(policyId, outcome);
  } else {
    outcomes = new Map(run.outcomes).set(policyId, outcome);
    if (scratch !== null) scratch.owned = outcomes;
  }
  return {
    ...run,
    outcomes,
    succeeded: run.succeeded + (outcome.kind === 'captured' ? 1 : 0),
    failed: run.failed + (outcome.kind === 'failed' ? 1 : 0),
  };
}

function assertNever(value: never): never {
  throw new Error(`unhandled event ${JSON.stringify(value)}`);
}
