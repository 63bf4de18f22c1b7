import { ValidationError } from '@app/errors';

import { ExpectedRevision, NewEvent } from '../event-store.port';

/** Longest accepted stream name, in characters. */
export const MAX_STREAM_NAME_LENGTH = 512;
const MAX_EVENT_TYPE_LENGTH = 256;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event checked and serialised once, ready for an adapter to write. */
export interface SerialisedEvent {
  readonly id: string;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
}

/** @throws ValidationError for an empty, over-long or NUL-bearing name. */
export function validateStreamName(streamName: unknown): string {
  if (
    typeof streamName !== 'string' ||
    streamName.length === 0 ||
    streamName.length > MAX_STREAM_NAME_LENGTH ||
    streamName.includes('\u0000')
  ) {
    throw new ValidationError('invalid stream name', [
      {
        field: 'streamName',
        message: `must be 1 to ${MAX_STREAM_NAME_LENGTH} characters without NUL`,
      },
    ]);
  }
  return streamName;
}

/** @throws ValidationError for a negative revision or an unknown kind. */
export function validateExpectedRevision(expected: unknown): ExpectedRevision {
  if (expected === 'no_stream' || expected === 'stream_exists') {
    return expected;
  }
  if (expected === 'any') return expected;
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  throw new ValidationError('invalid expected revision', [
    {
      field: 'expectedRevision',
      message:
        "must be 'no_stream', 'stream_exists', 'any' or a revision >= 0n",
    },
  ]);
}

/**
 * Checks every event and serialises its data and metadata. The size of an
 * event is the UTF-8 length of its data JSON plus its metadata JSON.
 * @throws ValidationError naming the first bad event; nothing is kept.
 */
export function serialiseEvents(
  events: readonly NewEvent[],
  maxEventBytes: number,
): SerialisedEvent[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw invalid('events', 'must be a non-empty list');
  }
  const ids = new Set<string>();
  return events.map((event, index) => {
    const field = `events[${index}]`;
    if (typeof event?.id !== 'string' || !UUID.test(event.id)) {
      throw invalid(`${field}.id`, 'must be a UUID');
    }
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw invalid(`${field}.id`, 'appears twice');
    ids.add(id);
    if (
      typeof event.type !== 'string' ||
      event.type.length === 0 ||
      event.type.length > MAX_EVENT_TYPE_LENGTH
    ) {
      throw invalid(
        `${field}.type`,
        `must be 1 to ${MAX_EVENT_TYPE_LENGTH} characters`,
      );
    }
    checkMetadata(event.metadata, `${field}.metadata`);
    const dataJson = toJson(event.data, `${field}.data`);
    const metadataJson = toJson(event.metadata, `${field}.metadata`);
    const bytes = Buffer.byteLength(dataJson) + Buffer.byteLength(metadataJson);
    if (bytes > maxEventBytes) {
      throw invalid(field, `is ${bytes} bytes, over ${maxEventBytes}`);
    }
    return { id, type: event.type, dataJson, metadataJson };
  });
}

function checkMetadata(metadata: unknown, field: string): void {
  if (typeof metadata !== 'object' || metadata === null) {
    throw invalid(field, 'must be an object');
  }
  const m = metadata as Record<string, unknown>;
  for (const key of ['tenantId', 'userId', 'correlationId']) {
    if (typeof m[key] !== 'string' || m[key] === '') {
      throw invalid(`${field}.${key}`, 'must be a non-empty string');
    }
  }
  if (m.causationId !== null && typeof m.causationId !== 'string') {
    throw invalid(`${field}.causationId`, 'must be a string or null');
  }
  if (
    !Number.isSafeInteger(m.schemaVersion) ||
    (m.schemaVersion as number) < 1
  ) {
    throw invalid(`${field}.schemaVersion`, 'must be a positive integer');
  }
}

function toJson(value: unknown, field: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(
      'event is not JSON-serialisable',
      [{ field, message: 'must be JSON-serialisable' }],
      { cause: error },
    );
  }
  if (json === undefined) {
    throw invalid(field, 'must be JSON-serialisable');
  }
  return json;
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(`invalid event: ${field} ${message}`, [
    { field, message },
  ]);
}
