import { EventMetadata, RecordedEvent } from '../event-store.port';
import { eventUpcasters, UpcasterRegistry } from '../upcasting';
import { encodePosition } from './postgres-position';

/**
 * A row of `event_store_events` as the read queries select it (`COLUMNS`
 * in `postgres-sql.ts`, in this order). Reads ask pg for arrays
 * (`rowMode: 'array'`): an object per row, built by copying a template
 * and setting each column by name, cost a catch-up read 4 % more
 * instructions per event (callgrind).
 */
export type EventRow = [
  transactionId: string,
  globalPosition: string,
  streamName: string,
  revision: string,
  eventId: string,
  eventType: string,
  data: unknown,
  metadata: EventMetadata,
  /** Epoch milliseconds, fractional below the millisecond. */
  recordedAtMs: number,
  /** A query's own columns, after the event's. */
  ...more: unknown[],
];

/** How many columns an event takes; a query's own columns follow. */
export const EVENT_ROW_COLUMNS = 9;

/** Where the event id is: null there means the row holds no event. */
export const EVENT_ID_COLUMN = 4;

/**
 * The one place rows become events, upcast to their current schema
 * version (the row keeps the version it was written with).
 */
export function toRecordedEvent(
  row: EventRow,
  upcasters: UpcasterRegistry = eventUpcasters,
): RecordedEvent {
  return upcasters.upcast({
    id: row[4],
    type: row[5],
    data: row[6],
    metadata: row[7],
    streamName: row[2],
    revision: BigInt(row[3]),
    position: encodePosition(row[0], row[1]),
    recordedAt: new Date(Math.trunc(row[8])),
  });
}
