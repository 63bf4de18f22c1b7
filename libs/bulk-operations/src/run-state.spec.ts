import { decideAddPolicies, AddPolicies } from './decide-add-policies';
import { BulkOperationEvent } from './run-events';
import {
  evolve,
  evolveAll,
  initialStreamState,
  StreamState,
} from './run-state';

const command: AddPolicies = {
  newRunId: 'run-1',
  tenantId: 't',
  backupSetId: 'b',
  policyIds: ['p1', 'p2'],
  options: {
    includeAssignments: true,
    includeScopeTags: false,
    includeFoundations: false,
  },
  requestedBy: 'u',
  idempotencyKey: 'k',
};

function given(...events: BulkOperationEvent[]): StreamState {
  return events.reduce(
    (state, event) => evolve(state, event),
    initialStreamState,
  );
}

const requested = (runId: string): BulkOperationEvent => ({
  type: 'AddPoliciesRequested',
  data: { ...command, runId, newRunId: undefined } as never,
});

describe('decideAddPolicies', () => {
  it('starts a run in a new stream', () => {
    const decision = decideAddPolicies(initialStreamState, command);

    expect(decision).toEqual({
      kind: 'start',
      event: expect.objectContaining({
        type: 'AddPoliciesRequested',
        data: expect.objectContaining({
          runId: 'run-1',
          policyIds: ['p1', 'p2'],
        }),
      }),
    });
  });

  it('reuses the active run for an identical selection', () => {
    const state = given(requested('run-0'), {
      type: 'BulkOperationRunStarted',
      data: { runId: 'run-0', scheduledCount: 2 },
    });

    const decision = decideAddPolicies(state, command);

    expect(decision.kind).toBe('reuse');
    expect(decision.kind === 'reuse' && decision.run.runId).toBe('run-0');
  });

  it('starts a new run after the previous one finished', () => {
    const state = given(requested('run-0'), {
      type: 'BulkOperationRunFailed',
      data: { runId: 'run-0', reasonCode: 'backup_set_gone', message: 'gone' },
    });

    const decision = decideAddPolicies(state, command);

    expect(decision.kind === 'start' && decision.event.data.runId).toBe(
      'run-1',
    );
  });
});

describe('evolve', () => {
  it('counts each item once however often its outcome repeats', () => {
    const captured: BulkOperationEvent = {
      type: 'PolicyCaptured',
      data: {
        runId: 'run-0',
        policyId: 'p1',
        policyType: 'settingsCatalog',
        snapshotHash: 'h',
        attempts: 1,
      },
    };

    const state = given(requested('run-0'), captured, captured, {
      type: 'PolicyCaptureFailed',
      data: {
        runId: 'run-0',
        policyId: 'p2',
        reasonCode: 'not_found',
        message: 'gone',
        attempts: 1,
      },
    });

    expect(state.revision).toBe(3n);
    expect(state.current).toMatchObject({ succeeded: 1, failed: 1 });
    expect(state.current?.outcomes.get('p1')).toEqual({
      kind: 'captured',
      snapshotHash: 'h',
    });
  });

  it('ignores events of a run that is not the current one', () => {
    const state = given(requested('run-1'), {
      type: 'BulkOperationRunStarted',
      data: { runId: 'run-0', scheduledCount: 2 },
    });

    expect(state.current?.status).toBe('pending');
  });
});

describe('evolveAll', () => {
  const captured = (runId: string, policyId: string): BulkOperationEvent => ({
    type: 'PolicyCaptured',
    data: {
      runId,
      policyId,
      policyType: 'settingsCatalog',
      snapshotHash: policyId.padStart(64, '0'),
      attempts: 1,
    },
  });
  const failed = (runId: string, policyId: string): BulkOperationEvent => ({
    type: 'PolicyCaptureFailed',
    data: {
      runId,
      policyId,
      reasonCode: 'not_found',
      message: 'gone',
      attempts: 1,
    },
  });

  it('folds to what evolving one event at a time gives', () => {
    const events: BulkOperationEvent[] = [
      requested('run-0'),
      captured('run-0', 'p1'),
      requested('run-1'),
      {
        type: 'BulkOperationRunStarted',
        data: { runId: 'run-1', scheduledCount: 2 },
      },
      captured('run-1', 'p1'),
      failed('run-1', 'p1'),
      captured('run-0', 'p2'),
      failed('run-1', 'p2'),
    ];

    expect(evolveAll(initialStreamState, events)).toEqual(given(...events));
  });

  it('leaves the state it started from as it was', () => {
    const start = given(requested('run-0'), captured('run-0', 'p1'));
    const outcomesBefore = new Map(start.current!.outcomes);

    const end = evolveAll(start, [
      captured('run-0', 'p2'),
      captured('run-0', 'p3'),
    ]);

    expect(new Map(start.current!.outcomes)).toEqual(outcomesBefore);
    expect(start.current!.outcomes.has('p2')).toBe(false);
    expect(start.current!.outcomes.size).toBe(1);
    expect([...end.current!.outcomes.keys()]).toEqual(['p1', 'p2', 'p3']);
    expect(end.revision).toBe(start.revision + 2n);
  });

  it('keeps each state its own outcomes when an older state is extended again', () => {
    // A decision retried on a state that has been extended since.
    const start = given(requested('run-0'), captured('run-0', 'p1'));
    const first = evolve(start, captured('run-0', 'p2'));
    const second = evolve(start, failed('run-0', 'p2'));
    const later = evolve(first, captured('run-0', 'p3'));

    const outcomes = (state: StreamState) => new Map(state.current!.outcomes);
    expect([...outcomes(start).keys()]).toEqual(['p1']);
    expect(outcomes(first).get('p2')?.kind).toBe('captured');
    expect(outcomes(second).get('p2')?.kind).toBe('failed');
    expect([...outcomes(second).keys()]).toEqual(['p1', 'p2']);
    expect(second.current!.outcomes.has('p3')).toBe(false);
    expect([...outcomes(later).keys()]).toEqual(['p1', 'p2', 'p3']);
    expect(later.current!.outcomes.get('p2')?.kind).toBe('captured');
    expect([first, second, later].map((s) => s.current!.failed)).toEqual([
      0, 1, 0,
    ]);
    // Each state, however built, folds to what the events say.
    expect(outcomes(second)).toEqual(
      outcomes(
        given(
          requested('run-0'),
          captured('run-0', 'p1'),
          failed('run-0', 'p2'),
        ),
      ),
    );
  });

  it('takes each recorded event at its own revision', () => {
    const state = evolveAll(initialStreamState, [
      { ...requested('run-0'), revision: 4n },
      { ...captured('run-0', 'p1'), revision: 9n },
    ]);

    expect(state.revision).toBe(9n);
  });
});
