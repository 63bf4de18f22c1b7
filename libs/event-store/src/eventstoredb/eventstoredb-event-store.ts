import { OnApplicationShutdown } from '@nestjs/common';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  START as ESDB_START,
  StreamNotFoundError,
} from '@eventstore/db-client';
import type { ResolvedEvent } from '@eventstore/db-client';

import { ConcurrencyError } from '@app/errors';

import { AppendObserver } from '../append-observer';
import {
  AppendOptions,
  AppendResult,
  EventStore,
  EventSubscription,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  START,
  SubscribeOptions,
} from '../event-store.port';
import { expectedRevisionText } from '../revision-text';
import { eventUpcasters, UpcasterRegistry } from '../upcasting';
import {
  serialiseEvents,
  validateExpectedRevision,
  validateFromRevision,
  validateMaxCount,
  validateStreamName,
} from '../validation';
import { conflictOr } from './esdb-errors';
import { toEsdbEvent, toRecordedEvent } from './esdb-event';
import { planFilter } from './esdb-filter';
import { readLog } from './esdb-log-reader';
import { decodePosition, encodePosition } from './esdb-position';
import { EsdbSubscription, ResubscribeBackoff } from './esdb-subscription';

export interface EventStoreDbEventStoreOptions {
  /**
   * An `esdb://` or `esdb+discover://` connection string; cluster nodes,
   * node preference, TLS and credentials come with it.
   */
  readonly connectionString: string;
  /** Largest event accepted: UTF-8 bytes of data JSON plus metadata JSON. */
  readonly maxEventBytes: number;
  /** Events per page of a log read without `maxCount`. Default 1,000. */
  readonly batchSize?: number;
  /** Pauses between resubscription attempts. */
  readonly resubscribe?: ResubscribeBackoff;
  /** Applied to every event read. Default: the process-wide registry. */
  readonly upcasters?: UpcasterRegistry;
  /** Told the outcome and latency of every append sent to the server. */
  readonly observer?: AppendObserver;
}

const MAX_READ = 10_000;

/**
 * The event store on EventStoreDB or KurrentDB through
 * `@eventstore/db-client`. Expected revisions map one to one; event ids
 * are passed through, so the server's duplicate detection makes a retried
 * append at the same exact or `no_stream` revision a no-op, and this
 * store answers it with the original result. With `any` and
 * `stream_exists` the server only recognises a retry while the events are
 * in its id cache, and it never checks ids against other streams or
 * against events before the expected revision; see LIMITS.md of the test
 * double.
 */
export class EventStoreDbEventStore
  extends EventStore
  implements OnApplicationShutdown
{
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly maxEventBytes: number;
  private readonly batchSize: number;
  private readonly upcasters: UpcasterRegistry;
  private closed = false;

  constructor(private readonly options: EventStoreDbEventStoreOptions) {
    super();
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.maxEventBytes = options.maxEventBytes;
    this.batchSize = options.batchSize ?? 1_000;
    this.upcasters = options.upcasters ?? eventUpcasters;
  }

  async append(
    streamName: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    validateStreamName(streamName);
    const expected = validateExpectedRevision(options?.expectedRevision);
    const proposed = serialiseEvents(events, this.maxEventBytes).map(
      ({ id }, index) => toEsdbEvent(events[index], id),
    );
    this.ensureOpen();

    let result;
    const started = performance.now();
    try {
      result = await this.client.appendToStream(streamName, proposed, {
        expectedRevision: expected,
      });
    } catch (error) {
      const failure = conflictOr(
        error,
        streamName,
        expectedRevisionText(expected),
      );
      this.options.observer?.observeAppend(
        failure instanceof ConcurrencyError ? 'conflict' : 'error',
        performance.now() - started,
      );
      throw failure;
    }
    this.options.observer?.observeAppend(
      'appended',
      performance.now() - started,
    );
    // The server reports no position when it recognised a retry.
    return {
      nextExpectedRevision: result.nextExpectedRevision,
      position: result.position
        ? encodePosition(result.position)
        : await this.positionAt(streamName, result.nextExpectedRevision),
    };
  }

  async readStream(
    streamName: string,
    options: ReadStreamOptions = {},
  ): Promise<RecordedEvent[]> {
    validateStreamName(streamName);
    const from = validateFromRevision(options.fromRevision);
    const limit = validateMaxCount(options.maxCount) ?? MAX_READ;
    const backwards = options.direction === 'backwards';
    this.ensureOpen();
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamName, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: from ?? (backwards ? END : ESDB_START),
        maxCount: limit,
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(this.upcasters.upcast(event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = validateMaxCount(options.maxCount) ?? this.batchSize;
    const after = options.from ?? START;
    let cursor = decodePosition(after);
    const plan = planFilter(options.filter);
    this.ensureOpen();

    // Reads include their start, hence one more; events filtered here
    // (exact types, system events) can leave a page short, hence the loop.
    const found: RecordedEvent[] = [];
    let last = after;
    for (;;) {
      const want = limit - found.length + (cursor === 'start' ? 0 : 1);
      const page = await readLog(this.client, {
        from: cursor,
        direction: 'forwards',
        maxCount: want,
        filter: plan.server,
      });
      for (const resolved of page) {
        const raw = resolved.event?.position;
        if (!raw || encodePosition(raw) <= last) continue;
        last = encodePosition(raw);
        cursor = raw;
        const event = toRecordedEvent(resolved);
        if (event && plan.accepts(event)) {
          found.push(this.upcasters.upcast(event));
        }
        if (found.length === limit) return found;
      }
      if (page.length < want) return found;
    }
  }

  subscribeToAll(options: SubscribeOptions): EventSubscription {
    this.ensureOpen();
    const subscription = new EsdbSubscription(
      this.client,
      options.from,
      planFilter(options.filter),
      this.upcasters,
      this.options.resubscribe ?? {},
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async streamRevision(streamName: string): Promise<bigint> {
    const [last] = await this.readStream(streamName, {
      direction: 'backwards',
      maxCount: 1,
    });
    return last?.revision ?? -1n;
  }

  async headPosition(): Promise<Position> {
    const head = await this.lastEvent();
    return head?.position ? encodePosition(head.position) : START;
  }

  /** Readiness: one read of the end of `$all`. */
  async ping(): Promise<void> {
    await this.lastEvent();
  }

  /** Ends every subscription and the client's calls. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async lastEvent(): Promise<ResolvedEvent['event']> {
    this.ensureOpen();
    const [last] = await readLog(this.client, {
      from: 'end',
      direction: 'backwards',
      maxCount: 1,
      filter: excludeSystemEvents(),
    });
    return last?.event;
  }

  private async positionAt(
    streamName: string,
    revision: bigint,
  ): Promise<Position> {
    const [event] = await this.readStream(streamName, {
      fromRevision: revision,
      maxCount: 1,
    });
    if (!event) {
      throw new Error(`event ${revision} of ${streamName} is not readable`);
    }
    return event.position;
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}
