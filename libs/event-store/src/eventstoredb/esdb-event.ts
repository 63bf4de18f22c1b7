import { jsonEvent, type JSONEventType } from '@eventstore/db-client';
import type { ResolvedEvent } from '@eventstore/db-client';

import { EventMetadata, NewEvent, RecordedEvent } from '../event-store.port';
import { encodePosition } from './esdb-position';

/** The metadata keys EventStoreDB itself reads (projections, the UI). */
const CORRELATION_ID = '$correlationId';
const CAUSATION_ID = '$causationId';

/**
 * An event as the client writes it: JSON data, and the port's metadata
 * plus `$correlationId` and (when there is a cause) `$causationId`.
 */
export function toEsdbEvent(event: NewEvent, id: string) {
  const { correlationId, causationId } = event.metadata;
  return jsonEvent<JSONEventType>({
    id,
    type: event.type,
    data: event.data as JSONEventType['data'],
    metadata: {
      ...event.metadata,
      [CORRELATION_ID]: correlationId,
      ...(causationId === null ? {} : { [CAUSATION_ID]: causationId }),
    },
  });
}

/**
 * The one place EventStoreDB records become the port's events, before
 * filtering and upcasting (the store applies its upcasters after its
 * filter, as the PostgreSQL adapter does). Events the port cannot
 * represent (system events, links, non-JSON data) give `undefined`.
 */
export function toRecordedEvent(
  resolved: ResolvedEvent,
): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson || event.type.startsWith('$')) return undefined;
  const position = event.position;
  if (!position) return undefined;
  const {
    [CORRELATION_ID]: _c,
    [CAUSATION_ID]: _k,
    ...metadata
  } = (event.metadata ?? {}) as Record<string, unknown>;
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: metadata as unknown as EventMetadata,
    streamName: event.streamId,
    revision: event.revision,
    position: encodePosition(position),
    recordedAt: event.created,
  };
}
