import { EventMetadata, RecordedEvent } from '../event-store.port';
import { eventUpcasters, UpcasterRegistry } from '../upcasting';
import { encodePosition } from './postgres-position';

/** A row of `event_store_events` as the read queries select it. */
export interface EventRow {
  readonly transaction_id: string;
  readonly global_position: string;
  readonly stream_name: string;
  readonly revision: string;
  readonly event_id: string;
  readonly event_type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  /** Epoch milliseconds, fractional below the millisecond. */
  readonly recorded_at_ms: number;
}

/**
 * The one place rows become events, upcast to their current schema
 * version (the row keeps the version it was written with).
 */
export function toRecordedEvent(
  row: EventRow,
  upcasters: UpcasterRegistry = eventUpcasters,
): RecordedEvent {
  return upcasters.upcast({
    id: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    streamName: row.stream_name,
    revision: BigInt(row.revision),
    position: encodePosition(row.transaction_id, row.global_position),
    recordedAt: new Date(Math.trunc(row.recorded_at_ms)),
  });
}
