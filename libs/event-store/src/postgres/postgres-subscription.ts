import { Logger } from '@nestjs/common';

import {
  EventFilter,
  EventSubscription,
  Position,
  RecordedEvent,
  SubscriptionState,
} from '../event-store.port';
import { AppendSignal, SignalWait } from './append-signal';

/** A page of the log and how far it was scanned (see `READ_ALL_SQL`). */
export interface LogPage {
  readonly events: RecordedEvent[];
  /** Everything up to here was examined, matching or not. */
  readonly scannedTo: Position;
  /** Committed events wait for an older transaction to end. */
  readonly heldBack: boolean;
}

export type PageReader = (
  after: Position,
  filter: EventFilter | undefined,
  limit: number,
) => Promise<LogPage>;

export interface SubscriptionSettings {
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  /**
   * Tailing the log, a read starts at least this long after the previous
   * one: appends that come in quick succession are read together instead
   * of one query per append and subscription.
   */
  readonly liveReadIntervalMs: number;
}

const HELD_BACK_FIRST_RETRY_MS = 5;
const MAX_BACKOFF_MS = 5_000;

/**
 * Catches up from the checkpoint in batches, then tails the log, woken by
 * the {@link AppendSignal} or the poll interval. Read failures move it to
 * `reconnecting` and it retries with backoff; only `close()` ends it.
 */
export class PostgresSubscription implements EventSubscription {
  private readonly logger = new Logger(PostgresSubscription.name);
  private current: SubscriptionState = 'catching_up';
  private iterated = false;
  private pending?: SignalWait;

  constructor(
    private readonly from: Position,
    private readonly filter: EventFilter | undefined,
    private readonly readPage: PageReader,
    private readonly signal: AppendSignal,
    private readonly settings: SubscriptionSettings,
    private readonly onClose: (subscription: PostgresSubscription) => void,
  ) {}

  get state(): SubscriptionState {
    return this.current;
  }

  async close(): Promise<void> {
    if (this.current === 'closed') return;
    this.current = 'closed';
    this.pending?.cancel();
    this.onClose(this);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterated) throw new Error('a subscription is iterated once');
    this.iterated = true;
    try {
      yield* this.run();
    } finally {
      await this.close();
    }
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    const { batchSize, pollIntervalMs, liveReadIntervalMs } = this.settings;
    let cursor = this.from;
    let failures = 0;
    let heldBackDelay = HELD_BACK_FIRST_RETRY_MS;

    while (!this.closed) {
      const seen = this.signal.generation;
      let page: LogPage;
      const readStarted = performance.now();
      try {
        page = await this.readPage(cursor, this.filter, batchSize);
      } catch (error) {
        if (this.closed) return;
        failures += 1;
        this.current = 'reconnecting';
        this.logger.warn(
          `reading the log failed (attempt ${failures}): ${(error as Error).message}`,
        );
        await this.pause(Math.min(50 * 2 ** failures, MAX_BACKOFF_MS));
        continue;
      }
      if (failures > 0) {
        this.logger.log(`reading the log again after ${failures} failures`);
        failures = 0;
        this.current = 'catching_up';
      }

      for (const event of page.events) {
        if (this.closed) return;
        yield event;
        cursor = event.position;
      }
      if (page.events.length === batchSize) continue;
      if (page.scannedTo > cursor) cursor = page.scannedTo;
      if (this.closed) return;
      this.current = 'live';

      if (page.heldBack) {
        await this.sleep(seen, heldBackDelay);
        heldBackDelay = Math.min(heldBackDelay * 2, pollIntervalMs);
      } else {
        heldBackDelay = HELD_BACK_FIRST_RETRY_MS;
        await this.sleep(seen, pollIntervalMs);
      }
      const early = liveReadIntervalMs - (performance.now() - readStarted);
      if (early > 0 && !this.closed) await this.pause(early);
    }
  }

  private get closed(): boolean {
    return this.current === 'closed';
  }

  /** Until an append signal newer than `seen`, `ms`, or close. */
  private async sleep(seen: number, ms: number): Promise<void> {
    this.pending = this.signal.wait(seen, ms);
    await this.pending.done;
    this.pending = undefined;
  }

  /** `ms` or until close; appends do not cut a backoff or spacing short. */
  private async pause(ms: number): Promise<void> {
    let cancel!: () => void;
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cancel = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.pending = { done, cancel };
    await done;
    this.pending = undefined;
  }
}
