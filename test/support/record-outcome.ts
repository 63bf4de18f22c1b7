import {
  bulkOperationStreamName,
  decideOutcome,
  eventIdOf,
  ItemResult,
  loadStreamState,
} from '@app/bulk-operations';
import { EventStore } from '@app/event-store';

export interface Outcome {
  readonly tenantId: string;
  /** The run's idempotency key (its stream). */
  readonly key: string;
  readonly runId: string;
  readonly policyId: string;
  readonly result: ItemResult;
}

/**
 * Records an item's outcome the way a worker does: load, decide, append
 * with the expected revision; the last outcome completes the run.
 */
export async function recordOutcome(
  store: EventStore,
  outcome: Outcome,
): Promise<void> {
  const stream = bulkOperationStreamName(outcome.key);
  const state = await loadStreamState(store, stream);
  const decision = decideOutcome(state, outcome);
  if (decision.kind !== 'append') {
    throw new Error(`no outcome to record: ${decision.kind}`);
  }
  await store.append(
    stream,
    decision.events.map((event) => ({
      id: eventIdOf(event),
      type: event.type,
      data: event.data,
      metadata: {
        tenantId: outcome.tenantId,
        userId: 'worker',
        correlationId: 'test',
        causationId: null,
        schemaVersion: 1,
      },
    })),
    { expectedRevision: state.revision },
  );
}

export const captured = (i = 0): ItemResult => ({
  kind: 'captured',
  policyType: 'settingsCatalog',
  snapshotHash: `${i}`.padStart(64, 'a'),
  attempts: 1,
});
