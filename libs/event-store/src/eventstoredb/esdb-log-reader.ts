import type { CallOptions, Metadata } from '@grpc/grpc-js';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { convertToCommandError } from '@eventstore/db-client/dist/utils/CommandError';
import { STREAM_NAME } from '@eventstore/db-client';
import type {
  EventStoreDBClient,
  Filter,
  ResolvedEvent,
} from '@eventstore/db-client';

import { EsdbPosition } from './esdb-position';

/**
 * The protected members of the 6.x client this reader uses. The client's
 * own `readAll` cannot filter on the server, which a projection rebuild
 * over a large log needs; this sends the same Read call with a filter,
 * on the client's channel and with its reconnection handling.
 * TODO(6): drop this once the client's `readAll` takes a filter.
 */
interface ClientInternals {
  execute<T>(
    client: typeof StreamsClient,
    debugName: string,
    action: (client: InstanceType<typeof StreamsClient>) => Promise<T>,
  ): Promise<T>;
  callArguments(
    options: object,
    callOptions?: CallOptions,
  ): [Metadata, CallOptions];
}

export interface LogRead {
  readonly from: EsdbPosition | 'start' | 'end';
  readonly direction: 'forwards' | 'backwards';
  readonly maxCount: number;
  readonly filter: Filter;
}

/**
 * Reads a page of `$all` filtered on the server. Like the server, it
 * includes the event at `from`.
 */
export function readLog(
  client: EventStoreDBClient,
  read: LogRead,
): Promise<ResolvedEvent[]> {
  const internals = client as unknown as ClientInternals;
  const request = new ReadReq();
  request.setOptions(readOptions(read));
  return internals.execute(StreamsClient, 'readAll', (grpc) => {
    const events: ResolvedEvent[] = [];
    return new Promise<ResolvedEvent[]>((resolve, reject) => {
      const call = grpc.read(request, ...internals.callArguments({}));
      call.on('data', (response: ReadResp) => {
        if (response.hasEvent()) {
          events.push(convertGrpcEvent(response.getEvent()!));
        }
      });
      call.on('end', () => resolve(events));
      call.on('error', (error: Error) => reject(convertToCommandError(error)));
    });
  });
}

function readOptions(read: LogRead): ReadReq.Options {
  const all = new ReadReq.Options.AllOptions();
  if (read.from === 'start') all.setStart(new Empty());
  else if (read.from === 'end') all.setEnd(new Empty());
  else {
    const position = new ReadReq.Options.Position();
    position.setCommitPosition(read.from.commit.toString());
    position.setPreparePosition(read.from.prepare.toString());
    all.setPosition(position);
  }
  const expression = new ReadReq.Options.FilterOptions.Expression();
  if ('prefixes' in read.filter) expression.setPrefixList(read.filter.prefixes);
  else expression.setRegex(read.filter.regex);
  const filter = new ReadReq.Options.FilterOptions();
  if (read.filter.filterOn === STREAM_NAME) {
    filter.setStreamIdentifier(expression);
  } else {
    filter.setEventType(expression);
  }
  filter.setCount(new Empty());
  filter.setCheckpointintervalmultiplier(1);
  const uuid = new ReadReq.Options.UUIDOption();
  uuid.setString(new Empty());

  const options = new ReadReq.Options();
  options.setAll(all);
  options.setReadDirection(read.direction === 'backwards' ? 1 : 0);
  options.setResolveLinks(false);
  options.setCount(read.maxCount.toString());
  options.setUuidOption(uuid);
  options.setFilter(filter);
  return options;
}
