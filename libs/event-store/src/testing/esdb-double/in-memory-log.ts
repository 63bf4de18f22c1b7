/** A position in the double's log, as EventStoreDB reports it. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: LogPosition;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends them. */
  readonly createdTicks: bigint;
}

export type Expected =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type AppendOutcome =
  | {
      readonly kind: 'success';
      readonly currentRevision: bigint;
      /** Absent for an idempotent append, as on the real server. */
      readonly position?: LogPosition;
    }
  | { readonly kind: 'wrong_expected_version'; readonly current: bigint };

/** Bytes of log a record takes besides its data and metadata. */
const RECORD_OVERHEAD = 80n;

export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/**
 * The double's storage: one global log and a per-stream index, kept in
 * memory across restarts of the gRPC server. The events of one append
 * share a commit position (the transaction's first record) and differ in
 * prepare position, as on EventStoreDB.
 */
export class InMemoryLog {
  readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  /** Every event by id: the server's committed-events cache, unbounded. */
  private readonly byId = new Map<string, StoredEvent>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = 0n;

  /** `listener` runs after every successful write; returns its removal. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(
    streamName: string,
    expected: Expected,
    proposed: readonly ProposedEvent[],
  ): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    const current = BigInt(stream.length) - 1n;
    const check = this.checkCommit(streamName, stream, expected, proposed);
    if (check !== 'write') return check;
    if (proposed.length === 0) {
      return { kind: 'success', currentRevision: current };
    }

    const commit = this.nextPosition;
    const createdTicks =
      BigInt(Date.now()) * 10_000n + 621_355_968_000_000_000n;
    let last: StoredEvent | undefined;
    for (const [index, event] of proposed.entries()) {
      last = {
        ...event,
        streamName,
        revision: current + 1n + BigInt(index),
        position: { commit, prepare: this.nextPosition },
        createdTicks,
      };
      this.nextPosition +=
        RECORD_OVERHEAD +
        BigInt(event.data.length + event.customMetadata.length);
      stream.push(last);
      this.events.push(last);
      this.byId.set(event.id, last);
    }
    this.streams.set(streamName, stream);
    for (const listener of this.listeners) listener();
    return {
      kind: 'success',
      currentRevision: last!.revision,
      position: last!.position,
    };
  }

  stream(streamName: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamName);
  }

  /** Index of the first event after `position` (exclusive). */
  indexAfter(position: LogPosition): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (comparePositions(this.events[mid].position, position) <= 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** Index of the first event at or after `position` (inclusive). */
  indexFrom(position: LogPosition): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (comparePositions(this.events[mid].position, position) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /**
   * EventStoreDB's commit check: an exact or no-stream expectation behind
   * the stream's end is idempotent when the events at the following
   * revisions carry the same ids; `any` and `stream_exists` consult the
   * id cache, and only when the first id is found there.
   */
  private checkCommit(
    streamName: string,
    stream: readonly StoredEvent[],
    expected: Expected,
    proposed: readonly ProposedEvent[],
  ): AppendOutcome | 'write' {
    const current = BigInt(stream.length) - 1n;
    const wrong = { kind: 'wrong_expected_version', current } as const;

    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      if (expected.kind === 'stream_exists' && stream.length === 0) {
        return wrong;
      }
      const found = proposed.map((e) => this.byId.get(e.id));
      const inStream = (e: StoredEvent | undefined) =>
        e !== undefined && e.streamName === streamName;
      if (proposed.length === 0 || !inStream(found[0])) return 'write';
      if (!found.every(inStream)) return wrong;
      return { kind: 'success', currentRevision: found.at(-1)!.revision };
    }

    const expectedRevision =
      expected.kind === 'no_stream' ? -1n : expected.revision;
    if (expectedRevision === current) return 'write';
    if (expectedRevision > current) return wrong;
    for (const [index, event] of proposed.entries()) {
      const at = stream[Number(expectedRevision + 1n) + index];
      if (at?.id !== event.id) return wrong;
    }
    return {
      kind: 'success',
      currentRevision: expectedRevision + BigInt(proposed.length),
    };
  }
}
