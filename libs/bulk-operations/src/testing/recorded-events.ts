import { randomUUID } from 'node:crypto';

import { Position, RecordedEvent } from '@app/event-store';

import { BulkOperationEvent } from '../run-events';

/**
 * Makes recorded events for projection tests, as the store would hand
 * them over: fresh ids, positions rising across calls, a second apart.
 */
export class RecordedEvents {
  private position = 0;

  /** Events of one stream, a batch with revisions from 0. */
  inStream(
    stream: string,
    events: readonly BulkOperationEvent[],
  ): RecordedEvent[] {
    return this.inOrder(events.map((event) => [stream, event]));
  }

  /** Events of any streams, in this log order. */
  inOrder(
    entries: readonly (readonly [stream: string, event: BulkOperationEvent])[],
  ): RecordedEvent[] {
    return entries.map(([stream, event], i) => {
      const position = ++this.position;
      return {
        ...event,
        id: randomUUID(),
        metadata: {
          tenantId: 't',
          userId: 'u',
          correlationId: 'c',
          causationId: null,
          schemaVersion: 1,
        },
        streamName: stream,
        revision: BigInt(i),
        position: String(position).padStart(20, '0') as Position,
        recordedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, position)),
      };
    });
  }
}
