import { Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

import { quoted } from '@app/database';
import { ConflictError, UnprocessableError } from '@app/errors';
import { EventStore, Position, RecordedEvent, START } from '@app/event-store';

import { CheckpointStore } from '../checkpoint-store';
import { Projection } from '../projection';
import { rebuildLockKey } from './advisory-locks';
import { rebuildCheckpointName } from './rebuild-checkpoint';
import {
  addShadowForeignKeys,
  compareWithLive,
  createShadowTables,
  dropShadowTables,
  shadowSchemaName,
  swapInShadowTables,
  TableDifference,
  useShadowTables,
} from './shadow-tables';

export interface RebuildOptions {
  /** Events per transaction while replaying into the copies. */
  readonly batchSize: number;
  /**
   * Longest wait for the live tables' locks before trying again. Kept
   * under PostgreSQL's deadlock timeout so a live runner waiting on the
   * swap never becomes a deadlock victim.
   */
  readonly lockTimeoutMs: number;
  readonly lockAttempts: number;
}

export const DEFAULT_REBUILD_OPTIONS: RebuildOptions = {
  batchSize: 5_000,
  lockTimeoutMs: 250,
  lockAttempts: 40,
};

export interface RebuildDependencies {
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly checkpoints: CheckpointStore;
  readonly options?: RebuildOptions;
}

export interface RebuildResult {
  readonly projection: string;
  readonly events: number;
  readonly position: Position;
  readonly durationMs: number;
}

export interface VerifyResult extends RebuildResult {
  /** Empty when the rebuilt tables equal the live ones row for row. */
  readonly differences: TableDifference[];
}

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * One rebuild of a projection: replays the log from the start into copies
 * of its tables in a schema of their own, catches up, then either swaps
 * them in (`rebuild`) or compares them with the live tables (`verify`).
 * Readers keep the live tables throughout; the swap is one short
 * transaction that also moves the live checkpoint to the rebuilt position,
 * which makes the live runner resume from there. A session advisory lock
 * refuses a second rebuild of the same projection in any process.
 */
export class ProjectionRebuild {
  private readonly logger: Logger;
  private readonly schema: string;
  private readonly options: RebuildOptions;
  private position: Position = START;
  private applied = 0;

  private constructor(
    readonly projection: Projection,
    private readonly deps: RebuildDependencies,
    private readonly lock: QueryRunner,
  ) {
    this.logger = new Logger(`ProjectionRebuild:${projection.name}`);
    this.schema = shadowSchemaName(projection.name);
    this.options = deps.options ?? DEFAULT_REBUILD_OPTIONS;
  }

  /**
   * Takes the projection's rebuild lock.
   * @throws UnprocessableError for a projection that owns no tables.
   * @throws ConflictError while another rebuild of it runs.
   */
  static async begin(
    projection: Projection,
    deps: RebuildDependencies,
  ): Promise<ProjectionRebuild> {
    if (projection.tables.length === 0) {
      throw new UnprocessableError(
        `${projection.name} owns no tables: there is nothing to rebuild`,
      );
    }
    const lock = deps.dataSource.createQueryRunner();
    await lock.connect();
    const [{ locked }] = await lock.query(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
      [rebuildLockKey(projection.name)],
    );
    if (!locked) {
      await lock.release();
      throw new ConflictError(
        `a rebuild of ${projection.name} is already running`,
        { projection: projection.name },
      );
    }
    return new ProjectionRebuild(projection, deps, lock);
  }

  /** Rebuilds beside the live tables and swaps the result in. */
  async rebuild(signal?: AbortSignal): Promise<RebuildResult> {
    const started = Date.now();
    return this.guarded(async () => {
      const rest = await this.replay(signal);
      await this.withLiveLocks('ACCESS EXCLUSIVE', signal, async (tx) => {
        await this.catchUp(tx, rest, undefined);
        await swapInShadowTables(tx, this.schema, this.projection.tables);
        await tx.query(
          `UPDATE projection_checkpoints
              SET position = $2, events_applied = $3, updated_at = now()
            WHERE name = $1`,
          [this.projection.name, this.position, this.applied],
        );
        await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [
          rebuildCheckpointName(this.projection.name),
        ]);
      });
      return this.result(started);
    });
  }

  /**
   * Rebuilds into scratch tables up to the live checkpoint and compares
   * them with the live tables; changes nothing live.
   */
  async verify(signal?: AbortSignal): Promise<VerifyResult> {
    const started = Date.now();
    return this.guarded(async () => {
      const rest = await this.replay(signal, true);
      let differences: TableDifference[] = [];
      await this.withLiveLocks('SHARE', signal, async (tx) => {
        const live = await this.liveCheckpoint(tx);
        await this.catchUp(tx, rest, live);
        differences = await compareWithLive(
          tx,
          this.schema,
          this.projection.tables,
        );
        await dropShadowTables(tx, this.schema);
        await tx.query('DELETE FROM projection_checkpoints WHERE name = $1', [
          rebuildCheckpointName(this.projection.name),
        ]);
      });
      return { ...this.result(started), differences };
    });
  }

  /**
   * Creates the copies, replays full batches into them and adds their
   * foreign keys; returns the last, partial page: the log's head is near.
   * Until the swap the copies are scratch: a rebuild that dies starts again
   * from the beginning, so these commits need not wait for the disk.
   */
  private async replay(
    signal: AbortSignal | undefined,
    upToLive = false,
  ): Promise<RecordedEvent[]> {
    const { dataSource, checkpoints } = this.deps;
    await checkpoints.load(this.projection.name);
    await dataSource.transaction(async (tx) => {
      await createShadowTables(tx, this.schema, this.projection.tables);
      await tx.query(
        `INSERT INTO projection_checkpoints (name, position, state)
         VALUES ($1, $2, 'rebuilding')
         ON CONFLICT (name) DO UPDATE
           SET position = $2, state = 'rebuilding', error = NULL,
               events_applied = 0, updated_at = now()`,
        [rebuildCheckpointName(this.projection.name), START],
      );
    });
    const pageAfter = async (from: Position) => {
      const limit = upToLive
        ? (await checkpoints.load(this.projection.name)).position
        : undefined;
      return this.readPage(from, limit);
    };
    let next = pageAfter(this.position);
    for (;;) {
      signal?.throwIfAborted();
      const page = await next;
      if (page.length < this.options.batchSize) {
        await dataSource.transaction((tx) =>
          addShadowForeignKeys(tx, this.schema, this.projection.tables),
        );
        return page;
      }
      // The next page is read, and prepared, while this one is written.
      next = pageAfter(page[page.length - 1].position).then((events) => {
        this.projection.prepare?.(events);
        return events;
      });
      next.catch(() => undefined);
      await dataSource.transaction(async (tx) => {
        await tx.query('SET LOCAL synchronous_commit = off');
        await this.applyToCopies(tx, page);
      });
    }
  }

  /** Applies `first` and every later event (up to `limit`) in `tx`. */
  private async catchUp(
    tx: EntityManager,
    first: RecordedEvent[],
    limit: Position | undefined,
  ): Promise<void> {
    let page = first.filter((e) => limit === undefined || e.position <= limit);
    while (page.length > 0) {
      await this.applyToCopies(tx, page);
      page = await this.readPage(this.position, limit);
    }
  }

  private async readPage(
    from: Position,
    limit: Position | undefined,
  ): Promise<RecordedEvent[]> {
    if (limit !== undefined && from >= limit) return [];
    const page = await this.deps.store.readAll({
      from,
      maxCount: this.options.batchSize,
      filter: this.projection.filter,
    });
    return limit === undefined
      ? page
      : page.filter((event) => event.position <= limit);
  }

  private async applyToCopies(
    tx: EntityManager,
    events: readonly RecordedEvent[],
  ): Promise<void> {
    await useShadowTables(tx, this.schema);
    await this.projection.apply(events, tx);
    await tx.query('SET LOCAL search_path TO public');
    this.position = events[events.length - 1].position;
    this.applied += events.length;
    await tx.query(
      `UPDATE projection_checkpoints
          SET position = $2, events_applied = $3, updated_at = now()
        WHERE name = $1`,
      [
        rebuildCheckpointName(this.projection.name),
        this.position,
        this.applied,
      ],
    );
  }

  /**
   * Runs `work` in a transaction holding `mode` locks on the live tables.
   * Gives up waiting after `lockTimeoutMs` and tries again, so neither the
   * live runner nor readers queue behind it for long.
   */
  private async withLiveLocks(
    mode: 'ACCESS EXCLUSIVE' | 'SHARE',
    signal: AbortSignal | undefined,
    work: (tx: EntityManager) => Promise<void>,
  ): Promise<void> {
    const tables = this.projection.tables
      .map((t) => `public.${quoted(t)}`)
      .join(', ');
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      try {
        await this.deps.dataSource.transaction(async (tx) => {
          await tx.query(
            `SET LOCAL lock_timeout = ${Math.round(this.options.lockTimeoutMs)}`,
          );
          await tx.query(`LOCK TABLE ${tables} IN ${mode} MODE`);
          await tx.query('SET LOCAL lock_timeout = 0');
          await work(tx);
        });
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== LOCK_NOT_AVAILABLE || attempt >= this.options.lockAttempts)
          throw error;
        this.logger.debug({ attempt }, 'live tables busy, trying again');
      }
    }
  }

  private async liveCheckpoint(tx: EntityManager): Promise<Position> {
    const [row] = await tx.query<{ position: Position }[]>(
      'SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
      [this.projection.name],
    );
    return row?.position ?? START;
  }

  /** Cleans up after a failure and always lets go of the rebuild lock. */
  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error }, 'rebuild failed');
      await this.deps.dataSource
        .transaction(async (tx) => {
          await dropShadowTables(tx, this.schema);
          await tx.query(
            `UPDATE projection_checkpoints
                SET state = 'stopped', error = $2, updated_at = now()
              WHERE name = $1`,
            [
              rebuildCheckpointName(this.projection.name),
              message.slice(0, 2000),
            ],
          );
        })
        .catch(() => undefined);
      throw error;
    } finally {
      await this.lock
        .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [
          rebuildLockKey(this.projection.name),
        ])
        .catch(() => undefined);
      await this.lock.release().catch(() => undefined);
    }
  }

  private result(started: number): RebuildResult {
    return {
      projection: this.projection.name,
      events: this.applied,
      position: this.position,
      durationMs: Date.now() - started,
    };
  }
}
