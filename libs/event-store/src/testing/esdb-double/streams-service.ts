import { randomUUID } from 'node:crypto';

import { Empty } from 'google-protobuf/google/protobuf/empty_pb';

import {
  sendUnaryData,
  ServerDuplexStream,
  ServerReadableStream,
  ServerWritableStream,
  status,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';

import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';

import { EventMatcher, eventMatcher } from './event-matcher';
import {
  Expected,
  InMemoryLog,
  LogPosition,
  ProposedEvent,
  StoredEvent,
} from './in-memory-log';
import {
  appendExpected,
  appendSuccess,
  appendWrongVersion,
  batchExpected,
  batchSuccess,
  batchWrongVersion,
  caughtUp,
  checkpoint,
  confirmation,
  proposedEvent,
  readEvent,
  streamNameOf,
  streamNotFound,
  uuidText,
} from './wire-messages';

/** EventStoreDB's default filter search window for subscriptions. */
const DEFAULT_WINDOW = 32;
const BACKWARDS = 1;

/**
 * The Streams service of the double: Read (streams, `$all`, filtered,
 * and catch-up subscriptions to `$all`), Append and BatchAppend. Delete
 * and Tombstone are not implemented.
 */
export function streamsService(log: InMemoryLog): UntypedServiceImplementation {
  return {
    read: (call: ServerWritableStream<ReadReq, ReadResp>) => {
      const options = call.request.getOptions();
      if (!options) {
        call.destroy(invalid('read without options'));
        return;
      }
      if (options.hasSubscription()) {
        if (!options.hasAll()) {
          call.destroy(unimplemented('stream subscriptions'));
          return;
        }
        subscribeToAll(log, call, options);
        return;
      }
      const sent = options.hasStream()
        ? readStream(log, options)
        : readAll(log, options);
      for (const response of sent) call.write(response);
      call.end();
    },

    append: (
      call: ServerReadableStream<AppendReq, AppendResp>,
      callback: sendUnaryData<AppendResp>,
    ) => {
      let options: AppendReq.Options | undefined;
      const proposed: ProposedEvent[] = [];
      call.on('data', (request: AppendReq) => {
        if (request.hasOptions()) options = request.getOptions();
        else proposed.push(proposedEvent(request.getProposedMessage()!));
      });
      call.on('end', () => {
        if (!options) return callback(invalid('append without options'));
        const expected = appendExpected(options);
        const outcome = log.append(
          streamNameOf(options.getStreamIdentifier()),
          expected,
          proposed,
        );
        callback(
          null,
          outcome.kind === 'success'
            ? appendSuccess(outcome.currentRevision, outcome.position)
            : appendWrongVersion(outcome.current, expected),
        );
      });
    },

    batchAppend: (
      call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
    ) => {
      const pending = new Map<
        string,
        { options?: BatchAppendReq.Options; proposed: ProposedEvent[] }
      >();
      call.on('data', (request: BatchAppendReq) => {
        const key = uuidText(request.getCorrelationId());
        const batch = pending.get(key) ?? { proposed: [] };
        if (request.hasOptions()) batch.options = request.getOptions();
        for (const message of request.getProposedMessagesList()) {
          batch.proposed.push(proposedEvent(message));
        }
        if (!request.getIsFinal()) {
          pending.set(key, batch);
          return;
        }
        pending.delete(key);
        call.write(completeBatch(log, request, batch.options!, batch.proposed));
      });
      call.on('end', () => call.end());
    },

    delete: (_: unknown, callback: sendUnaryData<never>) =>
      callback(unimplemented('delete')),
    tombstone: (_: unknown, callback: sendUnaryData<never>) =>
      callback(unimplemented('tombstone')),
  };
}

function completeBatch(
  log: InMemoryLog,
  request: BatchAppendReq,
  options: BatchAppendReq.Options,
  proposed: ProposedEvent[],
): BatchAppendResp {
  const expected = batchExpected(options);
  const outcome = log.append(
    streamNameOf(options.getStreamIdentifier()),
    expected,
    proposed,
  );
  const response = new BatchAppendResp();
  response.setCorrelationId(request.getCorrelationId());
  response.setStreamIdentifier(options.getStreamIdentifier());
  setExpected(response, expected);
  if (outcome.kind === 'success') {
    response.setSuccess(
      batchSuccess(outcome.currentRevision, outcome.position),
    );
  } else {
    response.setError(batchWrongVersion(outcome.current, expected));
  }
  return response;
}

function setExpected(response: BatchAppendResp, expected: Expected): void {
  if (expected.kind === 'revision') {
    response.setStreamPosition(expected.revision.toString());
  } else if (expected.kind === 'no_stream') response.setNoStream(new Empty());
  else if (expected.kind === 'stream_exists') {
    response.setStreamExists(new Empty());
  } else response.setAny(new Empty());
}

function count(options: ReadReq.Options): number {
  const text = options.getCount();
  return text ? Math.min(Number(text), Number.MAX_SAFE_INTEGER) : Infinity;
}

function readStream(log: InMemoryLog, options: ReadReq.Options): ReadResp[] {
  const streamOptions = options.getStream()!;
  const name = streamNameOf(streamOptions.getStreamIdentifier());
  const stream = log.stream(name);
  if (!stream) return [streamNotFound(name)];
  const backwards = options.getReadDirection() === BACKWARDS;
  const limit = count(options);
  let index = 0;
  if (streamOptions.hasRevision()) {
    index = Number(streamOptions.getRevision());
  } else if (streamOptions.hasEnd()) {
    index = backwards ? stream.length - 1 : stream.length;
  }
  const out: ReadResp[] = [];
  const step = backwards ? -1 : 1;
  if (backwards) index = Math.min(index, stream.length - 1);
  for (; index >= 0 && index < stream.length; index += step) {
    if (out.length >= limit) break;
    out.push(readEvent(stream[index]));
  }
  return out;
}

function startPosition(
  all: ReadReq.Options.AllOptions,
): LogPosition | 'start' | 'end' {
  if (all.hasStart()) return 'start';
  if (all.hasEnd()) return 'end';
  const position = all.getPosition()!;
  return {
    commit: BigInt(position.getCommitPosition()),
    prepare: BigInt(position.getPreparePosition()),
  };
}

/** Reads of `$all` include the event at the given position. */
function readAll(log: InMemoryLog, options: ReadReq.Options): ReadResp[] {
  const from = startPosition(options.getAll()!);
  const backwards = options.getReadDirection() === BACKWARDS;
  const matches = eventMatcher(
    options.hasFilter() ? options.getFilter() : undefined,
  );
  const limit = count(options);
  const events = log.events;
  let index: number;
  if (from === 'start') index = backwards ? -1 : 0;
  else if (from === 'end')
    index = backwards ? events.length - 1 : events.length;
  else if (backwards) index = log.indexAfter(from) - 1;
  else index = log.indexFrom(from);
  const out: ReadResp[] = [];
  const step = backwards ? -1 : 1;
  for (; index >= 0 && index < events.length; index += step) {
    if (out.length >= limit) break;
    if (matches(events[index])) out.push(readEvent(events[index]));
  }
  return out;
}

/**
 * Confirmation first; then every matching event after the start position
 * (exclusive), with a checkpoint per filter window of skipped events;
 * `caughtUp` once at the end of the log; then the live tail.
 */
function subscribeToAll(
  log: InMemoryLog,
  call: ServerWritableStream<ReadReq, ReadResp>,
  options: ReadReq.Options,
): void {
  const filter = options.hasFilter() ? options.getFilter() : undefined;
  const matches: EventMatcher = eventMatcher(filter);
  const window =
    (filter?.getMax() || DEFAULT_WINDOW) *
    Math.max(1, filter?.getCheckpointintervalmultiplier() ?? 1);
  const from = startPosition(options.getAll()!);
  let cursor =
    from === 'start'
      ? 0
      : from === 'end'
        ? log.events.length
        : log.indexAfter(from);
  let skipped = 0;
  let ended = false;
  let pumping = false;
  let live = false;

  const write = async (response: ReadResp) => {
    if (!call.write(response)) {
      await new Promise((resolve) => call.once('drain', resolve));
    }
  };
  const pump = async () => {
    if (pumping || ended) return;
    pumping = true;
    try {
      while (!ended && cursor < log.events.length) {
        const event: StoredEvent = log.events[cursor];
        cursor += 1;
        if (matches(event)) {
          skipped = 0;
          await write(readEvent(event));
        } else if (filter && ++skipped >= window) {
          skipped = 0;
          await write(checkpoint(event.position));
        }
      }
      if (!live && !ended) {
        live = true;
        await write(caughtUp());
      }
    } finally {
      pumping = false;
    }
    if (!ended && cursor < log.events.length) void pump();
  };

  const stop = log.onAppend(() => void pump());
  const end = () => {
    ended = true;
    stop();
  };
  call.on('cancelled', end);
  call.on('close', end);
  call.on('error', end);
  call.write(confirmation(randomUUID()));
  void pump();
}

function invalid(details: string) {
  return Object.assign(new Error(details), {
    code: status.INVALID_ARGUMENT,
    details,
  });
}

function unimplemented(what: string) {
  return Object.assign(new Error(`${what} is not in the test double`), {
    code: status.UNIMPLEMENTED,
  });
}

export type { StoredEvent };
