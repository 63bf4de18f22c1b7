import { decideOutcome, ItemResult } from './decide-outcome';
import { BulkOperationEvent } from './run-events';
import { evolve, initialStreamState, StreamState } from './run-state';

const requested: BulkOperationEvent = {
  type: 'AddPoliciesRequested',
  data: {
    runId: 'r',
    tenantId: 't',
    backupSetId: 'b',
    policyIds: ['p1', 'p2'],
    options: {
      includeAssignments: false,
      includeScopeTags: false,
      includeFoundations: false,
    },
    requestedBy: 'u',
    idempotencyKey: 'k',
  },
};

const captured: ItemResult = {
  kind: 'captured',
  policyType: 'settingsCatalog',
  snapshotHash: 'h',
  attempts: 1,
};
const failed: ItemResult = {
  kind: 'failed',
  reasonCode: 'not_found',
  message: 'gone',
  attempts: 1,
};

function given(...events: BulkOperationEvent[]): StreamState {
  return events.reduce((s, e) => evolve(s, e), initialStreamState);
}

describe('decideOutcome', () => {
  it('records an item outcome while others are outstanding', () => {
    const decision = decideOutcome(given(requested), {
      runId: 'r',
      policyId: 'p1',
      result: captured,
    });

    expect(decision).toEqual({
      kind: 'append',
      events: [expect.objectContaining({ type: 'PolicyCaptured' })],
    });
  });

  it('appends the terminal event with the last outcome', () => {
    const state = given(requested, {
      type: 'PolicyCaptured',
      data: {
        runId: 'r',
        policyId: 'p1',
        policyType: 'x',
        snapshotHash: 'h',
        attempts: 1,
      },
    });

    const decision = decideOutcome(state, {
      runId: 'r',
      policyId: 'p2',
      result: failed,
    });

    expect(decision.kind === 'append' && decision.events[1]).toEqual({
      type: 'BulkOperationRunCompleted',
      data: {
        runId: 'r',
        status: 'completed_with_errors',
        total: 2,
        succeeded: 1,
        failed: 1,
        skipped: 0,
      },
    });
  });

  it('completes without errors when every item was captured', () => {
    const single = given({
      ...requested,
      data: { ...requested.data, policyIds: ['p1'] },
    } as BulkOperationEvent);

    const decision = decideOutcome(single, {
      runId: 'r',
      policyId: 'p1',
      result: captured,
    });

    expect(decision.kind === 'append' && decision.events[1]).toMatchObject({
      data: { status: 'completed' },
    });
  });

  it('does nothing for an item that already has an outcome', () => {
    const state = given(requested, {
      type: 'PolicyCaptureFailed',
      data: {
        runId: 'r',
        policyId: 'p1',
        reasonCode: 'x',
        message: 'm',
        attempts: 3,
      },
    });

    expect(
      decideOutcome(state, { runId: 'r', policyId: 'p1', result: captured }),
    ).toEqual({ kind: 'already_recorded' });
  });

  it('does nothing once the run has failed', () => {
    const state = given(requested, {
      type: 'BulkOperationRunFailed',
      data: { runId: 'r', reasonCode: 'backup_set_not_found', message: 'm' },
    });

    expect(
      decideOutcome(state, { runId: 'r', policyId: 'p1', result: captured }),
    ).toEqual({ kind: 'already_recorded' });
  });

  it('rejects an item that is not part of the run', () => {
    expect(
      decideOutcome(given(requested), {
        runId: 'r',
        policyId: 'p9',
        result: captured,
      }),
    ).toEqual({ kind: 'unknown_item' });
  });
});
