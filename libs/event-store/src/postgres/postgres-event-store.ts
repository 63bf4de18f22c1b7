import { randomUUID } from 'node:crypto';

import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { DatabaseError, Pool } from 'pg';

import { ConcurrencyError, ValidationError } from '@app/errors';

import {
  AppendOptions,
  AppendResult,
  Backlog,
  EventFilter,
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
import { eventUpcasters, UpcasterRegistry } from '../upcasting';
import { AppendObserver } from '../append-observer';
import { actualRevisionText, expectedRevisionText } from '../revision-text';
import {
  SerialisedEvent,
  serialiseEvents,
  validateExpectedRevision,
  validateFromRevision,
  validateMaxCount,
  validateStreamName,
} from '../validation';
import { AppendAnnouncer } from './append-announcer';
import { AppendListener } from './append-listener';
import { AppendSignal } from './append-signal';
import {
  EVENT_ID_COLUMN,
  EVENT_ROW_COLUMNS,
  EventRow,
  toRecordedEvent,
} from './event-row';
import {
  decodePosition,
  encodePosition,
  positionBeforeTransaction,
} from './postgres-position';
import {
  APPEND_SQL,
  BACKLOG_SQL,
  CONFLICT_SQLSTATE,
  HEAD_POSITION_SQL,
  READ_ALL_SQL,
  READ_ALL_TENANT_SQL,
  READ_STREAM_BACKWARDS_SQL,
  READ_STREAM_FORWARDS_SQL,
  STREAM_REVISION_SQL,
} from './postgres-sql';
import { LogPage, PostgresSubscription } from './postgres-subscription';

export interface PostgresEventStoreOptions {
  readonly connectionString: string;
  /** Largest event accepted: UTF-8 bytes of data JSON plus metadata JSON. */
  readonly maxEventBytes: number;
  /** Longest a subscription waits without a notification. Default 500. */
  readonly pollIntervalMs?: number;
  /**
   * Least time between two reads of a subscription tailing the log, so a
   * burst of appends costs each subscription a few reads; also the least
   * time between two announcements to other processes. Default 40: with
   * 20, a 1,000-policy run cost each item a tenth more service CPU and a
   * fifth more PostgreSQL CPU (twice the log reads and projection
   * transactions) for no lower projection lag.
   */
  readonly liveReadIntervalMs?: number;
  /** Events per catch-up query. Default 1,000. */
  readonly batchSize?: number;
  /** Connections of the store's own pool. Default 10. */
  readonly poolSize?: number;
  /** Applied to every event read. Default: the process-wide registry. */
  readonly upcasters?: UpcasterRegistry;
  /** Told the outcome and latency of every append that reaches the database. */
  readonly observer?: AppendObserver;
}

const UNIQUE_VIOLATION = '23505';
const MAX_READ = 10_000;
const MAX_REVISION = '9223372036854775807';
// jsonb cannot hold U+0000; an unescaped-backslash "\u0000" in JSON text.
const JSON_NUL = /(?<!\\)(?:\\\\)*\\u0000/;

/**
 * The event store on PostgreSQL (schema: the `EventStore1764770000000`
 * migrations). One round trip per append through `event_store_append`,
 * then a coalesced NOTIFY after the commit (see {@link AppendAnnouncer});
 * the log is read in (transaction id, global position) order below the
 * snapshot's xmin, so late commits are never skipped. A long transaction
 * anywhere in the database holds readers back until it ends.
 */
export class PostgresEventStore
  extends EventStore
  implements OnApplicationShutdown
{
  private readonly logger = new Logger(PostgresEventStore.name);
  private readonly pool: Pool;
  private readonly signal = new AppendSignal();
  private readonly listener: AppendListener;
  private readonly announcer: AppendAnnouncer;
  private readonly subscriptions = new Set<PostgresSubscription>();
  private readonly maxEventBytes: number;
  private readonly pollIntervalMs: number;
  private readonly liveReadIntervalMs: number;
  private readonly batchSize: number;
  private readonly upcasters: UpcasterRegistry;
  private readonly observer?: AppendObserver;

  constructor(options: PostgresEventStoreOptions) {
    super();
    this.maxEventBytes = options.maxEventBytes;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.liveReadIntervalMs = options.liveReadIntervalMs ?? 40;
    this.batchSize = options.batchSize ?? 1_000;
    this.observer = options.observer;
    this.upcasters = options.upcasters ?? eventUpcasters;
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      application_name: 'bulkops-event-store',
    });
    // An idle connection the server drops must not crash the process.
    this.pool.on('error', (error) =>
      this.logger.warn(`idle connection failed: ${error.message}`),
    );
    // Announcements carry this store's id: its own listener skips them,
    // as `append` has signalled this process's subscriptions already.
    const origin = randomUUID();
    this.listener = new AppendListener(
      options.connectionString,
      this.signal,
      origin,
    );
    this.announcer = new AppendAnnouncer(
      this.pool,
      origin,
      this.liveReadIntervalMs,
    );
  }

  async append(
    streamName: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    validateStreamName(streamName);
    const expected = validateExpectedRevision(options?.expectedRevision);
    const payload = toJson(serialiseEvents(events, this.maxEventBytes));

    let row: {
      next_revision: string;
      transaction_id: string;
      global_position: string;
    };
    const started = performance.now();
    try {
      const result = await this.pool.query({
        name: 'event_store_append',
        text: APPEND_SQL,
        values: [streamName, expectedRevisionText(expected), payload],
      });
      row = result.rows[0];
    } catch (error) {
      const failure = await this.conflictOr(
        error,
        streamName,
        expectedRevisionText(expected),
      );
      this.observer?.observeAppend(
        failure instanceof ConcurrencyError ? 'conflict' : 'error',
        performance.now() - started,
      );
      throw failure;
    }
    this.observer?.observeAppend('appended', performance.now() - started);
    this.signal.notify();
    this.announcer.announce();
    return {
      nextExpectedRevision: BigInt(row.next_revision),
      position: encodePosition(row.transaction_id, row.global_position),
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
    const { rows } = await this.pool.query<EventRow>({
      text: backwards ? READ_STREAM_BACKWARDS_SQL : READ_STREAM_FORWARDS_SQL,
      values: [
        streamName,
        from?.toString() ?? (backwards ? MAX_REVISION : '0'),
        limit,
      ],
      rowMode: 'array',
    });
    return rows.map((row) => toRecordedEvent(row, this.upcasters));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = validateMaxCount(options.maxCount) ?? this.batchSize;
    const page = await this.readPage(
      options.from ?? START,
      options.filter,
      limit,
    );
    return page.events;
  }

  subscribeToAll(options: SubscribeOptions): EventSubscription {
    decodePosition(options.from);
    this.listener.ensureStarted();
    const subscription = new PostgresSubscription(
      options.from,
      options.filter,
      (after, filter, limit) => this.readPage(after, filter, limit),
      this.signal,
      {
        batchSize: this.batchSize,
        pollIntervalMs: this.pollIntervalMs,
        liveReadIntervalMs: this.liveReadIntervalMs,
      },
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async streamRevision(streamName: string): Promise<bigint> {
    validateStreamName(streamName);
    const { rows } = await this.pool.query<{ revision: string }>(
      STREAM_REVISION_SQL,
      [streamName],
    );
    return BigInt(rows[0].revision);
  }

  async headPosition(): Promise<Position> {
    const { rows } = await this.pool.query<{
      transaction_id: string;
      global_position: string;
    }>(HEAD_POSITION_SQL);
    return rows.length === 0
      ? START
      : encodePosition(rows[0].transaction_id, rows[0].global_position);
  }

  override async backlog(
    from: Position,
    filter?: EventFilter,
  ): Promise<Backlog> {
    const { transactionId, globalPosition } = decodePosition(from);
    const { rows } = await this.pool.query<{
      events: number;
      oldest: Date | null;
    }>(BACKLOG_SQL, [
      transactionId,
      globalPosition,
      nonEmpty(filter?.streamPrefixes),
      nonEmpty(filter?.eventTypes),
      filter?.tenantId ?? null,
    ]);
    return { events: rows[0].events, oldestRecordedAt: rows[0].oldest };
  }

  /** Readiness: one round trip to the store's database. */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** Ends every subscription, the listener and the pool. */
  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.listener.stop();
    await this.announcer.settled();
    if (!this.pool.ended) await this.pool.end();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  private async readPage(
    after: Position,
    filter: EventFilter | undefined,
    limit: number,
  ): Promise<LogPage> {
    const { transactionId, globalPosition } = decodePosition(after);
    const values: unknown[] = [
      transactionId,
      globalPosition,
      nonEmpty(filter?.streamPrefixes),
      nonEmpty(filter?.eventTypes),
      limit,
    ];
    const tenant = filter?.tenantId;
    if (tenant !== undefined) values.push(tenant);
    const { rows } = await this.pool.query<EventRow>({
      name:
        tenant === undefined
          ? 'event_store_read_all'
          : 'event_store_read_all_tenant',
      text: tenant === undefined ? READ_ALL_SQL : READ_ALL_TENANT_SQL,
      values,
      rowMode: 'array',
    });
    const first = rows[0];
    const events =
      first[EVENT_ID_COLUMN] === null
        ? []
        : rows.map((row) => toRecordedEvent(row, this.upcasters));
    return {
      events,
      scannedTo: positionBeforeTransaction(first[EVENT_ROW_COLUMNS] as string),
      heldBack: first[EVENT_ROW_COLUMNS + 1] as boolean,
    };
  }

  private async conflictOr(
    error: unknown,
    streamName: string,
    expected: string,
  ): Promise<unknown> {
    if (!(error instanceof DatabaseError)) return error;
    if (error.code === CONFLICT_SQLSTATE) {
      return new ConcurrencyError(
        streamName,
        expected,
        actualRevisionText(BigInt(error.detail ?? '-1')),
        { cause: error },
      );
    }
    if (error.code === UNIQUE_VIOLATION) {
      const actual = await this.streamRevision(streamName).catch(() => -1n);
      return new ConcurrencyError(
        streamName,
        expected,
        actualRevisionText(actual),
        { cause: error },
      );
    }
    return error;
  }
}

function toJson(events: readonly SerialisedEvent[]): string {
  const parts = events.map((e) => {
    if (JSON_NUL.test(e.dataJson) || JSON_NUL.test(e.metadataJson)) {
      throw new ValidationError('invalid event: contains U+0000', [
        { field: 'events', message: 'must not contain the character U+0000' },
      ]);
    }
    return `{"id":"${e.id}","type":${JSON.stringify(e.type)},"data":${e.dataJson},"metadata":${e.metadataJson}}`;
  });
  return `[${parts.join(',')}]`;
}

function nonEmpty(list: readonly string[] | undefined): string[] | null {
  return list && list.length > 0 ? [...list] : null;
}
