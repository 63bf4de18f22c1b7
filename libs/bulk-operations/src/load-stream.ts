import { EventStore, RecordedEvent } from '@app/event-store';

import { BulkOperationEvent } from './run-events';
import { evolveAll, initialStreamState, StreamState } from './run-state';

const PAGE = 500;

/**
 * The state of a bulk operation stream, folded from the start of its
 * current run: reads backwards to the last `AddPoliciesRequested`, so a
 * stream with a long history costs no more than its latest run.
 */
export async function loadStreamState(
  store: EventStore,
  streamName: string,
): Promise<StreamState> {
  const tail: RecordedEvent[] = [];
  let from: bigint | undefined;
  for (;;) {
    const page = await store.readStream(streamName, {
      direction: 'backwards',
      fromRevision: from,
      maxCount: PAGE,
    });
    tail.push(...page);
    const start = page.findIndex((e) => e.type === 'AddPoliciesRequested');
    if (start >= 0) {
      tail.length = tail.length - page.length + start + 1;
      break;
    }
    if (page.length < PAGE) break;
    from = page[page.length - 1].revision - 1n;
  }
  return evolveAll(
    initialStreamState,
    tail.reverse() as Array<RecordedEvent & BulkOperationEvent>,
  );
}
