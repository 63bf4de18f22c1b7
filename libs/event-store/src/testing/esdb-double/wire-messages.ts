import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';

import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  AllStreamPosition,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';

import {
  Expected,
  LogPosition,
  ProposedEvent,
  StoredEvent,
} from './in-memory-log';

/** Translations between the wire messages and the double's log. */

export function uuidText(uuid: UUID | undefined): string {
  if (!uuid) return '';
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()!;
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(s.getMostSignificantBits()), 0);
    bytes.writeBigInt64BE(BigInt(s.getLeastSignificantBits()), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString().toLowerCase();
}

export function streamNameOf(identifier: StreamIdentifier | undefined) {
  return Buffer.from(identifier?.getStreamName_asU8() ?? []).toString('utf8');
}

export function streamIdentifier(name: string): StreamIdentifier {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(name, 'utf8'));
  return identifier;
}

export function proposedEvent(
  message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage,
): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidText(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

export function appendExpected(options: AppendReq.Options): Expected {
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasAny()) return { kind: 'any' };
  return { kind: 'revision', revision: BigInt(options.getRevision()) };
}

export function batchExpected(options: BatchAppendReq.Options): Expected {
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasAny()) return { kind: 'any' };
  return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
}

export function readEvent(event: StoredEvent): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString(event.id);
  recorded.setId(id);
  recorded.setStreamIdentifier(streamIdentifier(event.streamName));
  recorded.setStreamRevision(event.revision.toString());
  recorded.setCommitPosition(event.position.commit.toString());
  recorded.setPreparePosition(event.position.prepare.toString());
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('content-type', event.contentType)
    .set('created', event.createdTicks.toString());
  recorded.setData(event.data);
  recorded.setCustomMetadata(event.customMetadata);
  const read = new ReadResp.ReadEvent();
  read.setEvent(recorded);
  read.setCommitPosition(event.position.commit.toString());
  const response = new ReadResp();
  response.setEvent(read);
  return response;
}

export function confirmation(id: string): ReadResp {
  const message = new ReadResp.SubscriptionConfirmation();
  message.setSubscriptionId(id);
  const response = new ReadResp();
  response.setConfirmation(message);
  return response;
}

export function caughtUp(): ReadResp {
  const response = new ReadResp();
  response.setCaughtUp(new ReadResp.CaughtUp());
  return response;
}

export function checkpoint(position: LogPosition): ReadResp {
  const message = new ReadResp.Checkpoint();
  message.setCommitPosition(position.commit.toString());
  message.setPreparePosition(position.prepare.toString());
  const response = new ReadResp();
  response.setCheckpoint(message);
  return response;
}

export function streamNotFound(name: string): ReadResp {
  const message = new ReadResp.StreamNotFound();
  message.setStreamIdentifier(streamIdentifier(name));
  const response = new ReadResp();
  response.setStreamNotFound(message);
  return response;
}

export function appendSuccess(
  currentRevision: bigint,
  position: LogPosition | undefined,
): AppendResp {
  const success = new AppendResp.Success();
  if (currentRevision < 0n) success.setNoStream(new Empty());
  else success.setCurrentRevision(currentRevision.toString());
  if (position) {
    const wire = new AppendResp.Position();
    wire.setCommitPosition(position.commit.toString());
    wire.setPreparePosition(position.prepare.toString());
    success.setPosition(wire);
  } else {
    success.setNoPosition(new Empty());
  }
  const response = new AppendResp();
  response.setSuccess(success);
  return response;
}

export function appendWrongVersion(
  current: bigint,
  expected: Expected,
): AppendResp {
  const wrong = new AppendResp.WrongExpectedVersion();
  if (current < 0n) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(current.toString());
  if (expected.kind === 'revision') {
    wrong.setExpectedRevision(expected.revision.toString());
  } else if (expected.kind === 'no_stream')
    wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') {
    wrong.setExpectedStreamExists(new Empty());
  } else wrong.setExpectedAny(new Empty());
  const response = new AppendResp();
  response.setWrongExpectedVersion(wrong);
  return response;
}

export function batchSuccess(
  currentRevision: bigint,
  position: LogPosition | undefined,
): BatchAppendResp.Success {
  const success = new BatchAppendResp.Success();
  if (currentRevision < 0n) success.setNoStream(new Empty());
  else success.setCurrentRevision(currentRevision.toString());
  if (position) {
    const wire = new AllStreamPosition();
    wire.setCommitPosition(position.commit.toString());
    wire.setPreparePosition(position.prepare.toString());
    success.setPosition(wire);
  } else {
    success.setNoPosition(new Empty());
  }
  return success;
}

/** A failed batch carries `WrongExpectedVersion` packed in its status. */
export function batchWrongVersion(current: bigint, expected: Expected): Status {
  const wrong = new WrongExpectedVersion();
  if (current < 0n) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentStreamRevision(current.toString());
  if (expected.kind === 'revision') {
    wrong.setExpectedStreamPosition(expected.revision.toString());
  } else if (expected.kind === 'no_stream')
    wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') {
    wrong.setExpectedStreamExists(new Empty());
  } else wrong.setExpectedAny(new Empty());
  const details = new Any();
  details.pack(
    wrong.serializeBinary(),
    'event_store.client.WrongExpectedVersion',
  );
  const status = new Status();
  status.setCode(Code.FAILED_PRECONDITION);
  status.setMessage('Wrong expected version');
  status.setDetails(details);
  return status;
}
