/**
 * The event store port. Two adapters implement it: PostgreSQL (the local
 * default) and EventStoreDB. Both pass the contract suite in
 * `testing/event-store.contract.ts`.
 */

/**
 * Position in the global log. Opaque to callers except for one rule: the
 * positions of one store have a fixed-width encoding, so two of them
 * compare correctly as strings.
 */
export type Position = string & { readonly __brand: 'Position' };

/**
 * What every adapter's positions look like: two 20-digit numbers (the
 * PostgreSQL transaction id and log position, or EventStoreDB's commit and
 * prepare positions). Lets an API reject a made-up position at once.
 */
export const POSITION_PATTERN = /^\d{20}-\d{20}$/;

/** The position before the first event of the global log. */
export const START = '' as Position;

/**
 * What an append expects of the stream: that it does not exist yet, that it
 * exists, nothing at all, or that its last event has this revision
 * (0-based).
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

/** Metadata every event carries. Extra keys are kept as written. */
export interface EventMetadata {
  readonly tenantId: string;
  readonly userId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly schemaVersion: number;
  readonly [key: string]: unknown;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /**
   * A UUID. Deterministic where a retry could repeat the append, so that a
   * repeated append is recognised as the same and writes nothing.
   */
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<
  Type extends string = string,
  Data = unknown,
> extends NewEvent<Type, Data> {
  readonly streamName: string;
  /** 0-based revision of the event within its stream. */
  readonly revision: bigint;
  readonly position: Position;
  readonly recordedAt: Date;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  readonly nextExpectedRevision: bigint;
  /** Position of the last appended event. */
  readonly position: Position;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the first (or, backwards, the last) event. */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

/**
 * Selects events of the global log. The entries of each list are
 * alternatives (OR); when both lists are given, an event must match both.
 * An absent or empty list matches everything.
 */
export interface EventFilter {
  /** Stream name prefixes, e.g. `bulkOperation-`. */
  readonly streamPrefixes?: readonly string[];
  readonly eventTypes?: readonly string[];
  /** Only events whose metadata `tenantId` is this one. */
  readonly tenantId?: string;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Defaults to {@link START}. */
  readonly from?: Position;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive: delivers events after this checkpoint. */
  readonly from: Position;
  readonly filter?: EventFilter;
}

/** What of the log lies after a position (a projection's lag). */
export interface Backlog {
  /** Matching events after the position. */
  readonly events: number;
  /** The earliest time one of them was recorded; null when none. */
  readonly oldestRecordedAt: Date | null;
}

export type SubscriptionState =
  'catching_up' | 'live' | 'reconnecting' | 'closed';

/**
 * A catch-up subscription: the log from a checkpoint, then a live tail.
 * Iterate it with `for await`; every matching event arrives exactly once,
 * in global order. `close()` ends the iteration.
 */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  readonly state: SubscriptionState;
  close(): Promise<void>;
}

export abstract class EventStore {
  /**
   * Appends atomically with optimistic concurrency.
   * @throws ConcurrencyError when the stream is not at `expectedRevision`,
   *   unless the same event ids were already appended at that revision
   *   (then nothing is written and the original result is returned).
   * @throws ValidationError for a bad stream name, a non-serialisable or
   *   oversized event, or a negative revision; nothing is written.
   */
  abstract append(
    streamName: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult>;

  /** A missing stream reads as empty. */
  abstract readStream(
    streamName: string,
    options?: ReadStreamOptions,
  ): Promise<RecordedEvent[]>;

  /** A page of the global log in order. */
  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  abstract subscribeToAll(options: SubscribeOptions): EventSubscription;

  /** -1n when the stream does not exist. */
  abstract streamRevision(streamName: string): Promise<bigint>;

  /** The position of the last event in the log (for lag). */
  abstract headPosition(): Promise<Position>;

  /**
   * The matching events after `from`. This default pages through the log;
   * adapters override it with a cheaper count where they can.
   */
  async backlog(from: Position, filter?: EventFilter): Promise<Backlog> {
    let events = 0;
    let oldest: Date | null = null;
    let after = from;
    for (;;) {
      const page = await this.readAll({ from: after, filter, maxCount: 1000 });
      if (page.length === 0) return { events, oldestRecordedAt: oldest };
      events += page.length;
      for (const event of page) {
        if (!oldest || event.recordedAt < oldest) oldest = event.recordedAt;
      }
      after = page[page.length - 1].position;
    }
  }
}
