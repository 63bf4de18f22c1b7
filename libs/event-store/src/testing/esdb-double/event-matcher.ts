import { ReadReq } from '@eventstore/db-client/generated/streams_pb';

import { StoredEvent } from './in-memory-log';

export type EventMatcher = (event: StoredEvent) => boolean;

/**
 * The server-side filter of a read: prefixes or a regular expression on
 * the stream name or the event type. Regular expressions run as
 * JavaScript ones; the server's are .NET ones (same for simple patterns).
 */
export function eventMatcher(
  filter: ReadReq.Options.FilterOptions | undefined,
): EventMatcher {
  if (!filter) return () => true;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream
    ? filter.getStreamIdentifier()!
    : filter.getEventType()!;
  const field = (event: StoredEvent) =>
    onStream ? event.streamName : event.type;
  const prefixes = expression.getPrefixList();
  if (prefixes.length > 0) {
    return (event) => prefixes.some((p) => field(event).startsWith(p));
  }
  const pattern = new RegExp(expression.getRegex());
  return (event) => pattern.test(field(event));
}
