import { Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';

import {
  EventStore,
  EventSubscription,
  Position,
  RecordedEvent,
} from '@app/event-store';

import {
  CheckpointMovedError,
  CheckpointStore,
  ProjectionState,
} from './checkpoint-store';
import { Projection } from './projection';

export interface ProjectionRunnerOptions {
  /** Most events per transaction: catching up, or behind on the live tail. */
  readonly batchSize: number;
  /** How often a runner without the lock tries again. */
  readonly lockRetryMs: number;
  /** Pause before retrying after a connection failure. */
  readonly retryDelayMs: number;
}

export const DEFAULT_RUNNER_OPTIONS: ProjectionRunnerOptions = {
  // As the rebuild's: a batch of 1,000 caught up on 200,000 run events a
  // quarter slower (more runs split across batches, each split run's
  // events then applied statement by statement, and five times the
  // commits).
  batchSize: 5000,
  lockRetryMs: 2000,
  retryDelayMs: 1000,
};

/** Raised by a projection's own code: the projection stops. */
class ProjectionFailed extends Error {}

/**
 * Keeps one projection up to date: catches up from its checkpoint in
 * batches, then follows the live log, applying events and advancing the
 * checkpoint in one transaction. A PostgreSQL advisory lock keeps one
 * active runner per projection across processes. A failure in the
 * projection stops it with the error recorded; it resumes from its
 * checkpoint when the process restarts. Connection failures are retried.
 * Each batch advances the checkpoint only from the position the runner
 * read, so when a rebuild swaps in its tables and takes the checkpoint
 * over, the runner's batch rolls back and it resumes from there.
 */
export class ProjectionRunner {
  private readonly logger: Logger;
  private running = false;
  private subscription?: EventSubscription;
  private loop?: Promise<void>;
  private wake?: () => void;
  private position: Position | undefined;
  private currentState: ProjectionState | 'idle' = 'idle';

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly checkpoints: CheckpointStore,
    private readonly options: ProjectionRunnerOptions = DEFAULT_RUNNER_OPTIONS,
  ) {
    this.logger = new Logger(`ProjectionRunner:${projection.name}`);
  }

  get state(): ProjectionState | 'idle' {
    return this.currentState;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.subscription?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let lock: QueryRunner | undefined;
      try {
        lock = await this.tryLock();
        if (!lock) {
          await this.pause(this.options.lockRetryMs);
          continue;
        }
        await this.follow();
      } catch (error) {
        if (error instanceof ProjectionFailed) {
          await this.fail(error.cause);
          return;
        }
        if (error instanceof CheckpointMovedError) {
          this.logger.log('checkpoint taken over by a rebuild, resuming');
          continue;
        }
        if (!this.running) return;
        this.logger.warn(
          { err: error },
          'connection trouble, retrying from checkpoint',
        );
        await this.pause(this.options.retryDelayMs);
      } finally {
        await this.release(lock);
      }
    }
  }

  /** Catches up, then applies the live tail until stopped. */
  private async follow(): Promise<void> {
    const { name, filter } = this.projection;
    const checkpoint = await this.checkpoints.load(name);
    this.position = checkpoint.position;
    await this.setState('catching_up');

    for (;;) {
      const page = await this.store.readAll({
        from: this.position,
        maxCount: this.options.batchSize,
        filter,
      });
      if (!this.running) return;
      if (page.length === 0) break;
      await this.applyBatch(page);
    }
    await this.setState('live');

    this.subscription = this.store.subscribeToAll({
      from: this.position,
      filter,
    });
    // A stop() that came while catching up found no subscription to close.
    if (!this.running) {
      await this.subscription.close();
      return;
    }
    await this.drainLive(this.subscription);
  }

  /**
   * The events of one read, and those that arrive while a transaction is
   * in flight, are applied together in the next one: micro-batches under
   * load, single events when quiet.
   */
  private async drainLive(subscription: EventSubscription): Promise<void> {
    let buffer: RecordedEvent[] = [];
    let flushing: Promise<void> | undefined;
    let failure: unknown;

    const flush = async () => {
      // The rest of the page the subscription is handing over (event by
      // event, in microtasks) joins the batch first: otherwise the first
      // event of every page is a transaction of its own.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (buffer.length > 0 && failure === undefined) {
        const batch = buffer;
        buffer = [];
        try {
          await this.applyBatch(batch);
        } catch (error) {
          failure = error;
          // Ends the iteration now rather than at the next event.
          void subscription.close();
        }
      }
      flushing = undefined;
    };

    for await (const event of subscription) {
      if (failure !== undefined) break;
      buffer.push(event);
      flushing ??= flush();
      if (buffer.length >= this.options.batchSize) await flushing;
    }
    await flushing;
    if (failure !== undefined) throw failure;
  }

  private async applyBatch(events: readonly RecordedEvent[]): Promise<void> {
    const last = events[events.length - 1].position;
    await this.dataSource.transaction(async (tx) => {
      try {
        await this.projection.apply(events, tx);
      } catch (error) {
        if (isConnectionError(error)) throw error;
        throw new ProjectionFailed('projection failed', { cause: error });
      }
      await this.checkpoints.advance(
        tx,
        this.projection.name,
        last,
        events.length,
        this.position,
      );
    });
    this.position = last;
  }

  private async fail(cause: unknown): Promise<void> {
    const message = cause instanceof Error ? cause.message : String(cause);
    this.logger.error(
      { err: cause, position: this.position },
      'projection stopped',
    );
    this.currentState = 'stopped';
    this.running = false;
    await this.checkpoints
      .setState(this.projection.name, 'stopped', message.slice(0, 2000))
      .catch(() => undefined);
  }

  private async setState(state: ProjectionState): Promise<void> {
    this.currentState = state;
    await this.checkpoints.setState(this.projection.name, state);
  }

  private async tryLock(): Promise<QueryRunner | undefined> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const [{ locked }] = await runner.query(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      [`projection:${this.projection.name}`],
    );
    if (locked) return runner;
    await runner.release();
    return undefined;
  }

  private async release(lock: QueryRunner | undefined): Promise<void> {
    if (!lock) return;
    this.subscription = undefined;
    await lock
      .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [
        `projection:${this.projection.name}`,
      ])
      .catch(() => undefined);
    await lock.release().catch(() => undefined);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection .*closed/i.test(message);
}
