import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { Position, START } from '@app/event-store';

export type ProjectionState = 'catching_up' | 'live' | 'stopped' | 'rebuilding';

export interface Checkpoint {
  readonly name: string;
  readonly position: Position;
  readonly state: ProjectionState;
  readonly error: string | null;
  readonly eventsApplied: number;
  readonly updatedAt: Date;
}

interface CheckpointRow {
  name: string;
  position: string;
  state: ProjectionState;
  error: string | null;
  events_applied: string;
  updated_at: Date;
}

/**
 * The checkpoint was moved by someone else (a rebuild took it over) since
 * the runner read it: the runner's batch is rolled back and it resumes
 * from the stored checkpoint.
 */
export class CheckpointMovedError extends Error {
  constructor(readonly projection: string) {
    super(`checkpoint of ${projection} moved under the runner`);
    this.name = 'CheckpointMovedError';
  }
}

/** Checkpoints of projections and the saga, in `projection_checkpoints`. */
@Injectable()
export class CheckpointStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(name: string): Promise<Checkpoint> {
    await this.dataSource.query(
      `INSERT INTO projection_checkpoints (name, position, state)
       VALUES ($1, $2, 'catching_up') ON CONFLICT (name) DO NOTHING`,
      [name, START],
    );
    const [row] = await this.dataSource.query<CheckpointRow[]>(
      'SELECT * FROM projection_checkpoints WHERE name = $1',
      [name],
    );
    return toCheckpoint(row);
  }

  async all(): Promise<Checkpoint[]> {
    const rows = await this.dataSource.query<CheckpointRow[]>(
      'SELECT * FROM projection_checkpoints ORDER BY name',
    );
    return rows.map(toCheckpoint);
  }

  /**
   * Advances the checkpoint inside the caller's transaction.
   * @throws CheckpointMovedError when `expected` is given and the stored
   *   position is another one.
   */
  async advance(
    tx: EntityManager,
    name: string,
    position: Position,
    applied: number,
    expected?: Position,
  ): Promise<void> {
    const [{ moved }] = await tx.query<{ moved: number }[]>(
      `WITH moved AS (
         UPDATE projection_checkpoints
            SET position = $2, events_applied = events_applied + $3,
                updated_at = now()
          WHERE name = $1 AND ($4::text IS NULL OR position = $4)
         RETURNING 1)
       SELECT count(*)::int AS moved FROM moved`,
      [name, position, applied, expected ?? null],
    );
    if (expected !== undefined && moved === 0) {
      throw new CheckpointMovedError(name);
    }
  }

  /** The checkpoint, or null when the projection never ran. */
  async find(name: string): Promise<Checkpoint | null> {
    const [row] = await this.dataSource.query<CheckpointRow[]>(
      'SELECT * FROM projection_checkpoints WHERE name = $1',
      [name],
    );
    return row ? toCheckpoint(row) : null;
  }

  async setState(
    name: string,
    state: ProjectionState,
    error: string | null = null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE projection_checkpoints SET state = $2, error = $3,
              updated_at = now() WHERE name = $1`,
      [name, state, error],
    );
  }
}

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    name: row.name,
    position: row.position as Position,
    state: row.state,
    error: row.error,
    eventsApplied: Number(row.events_applied),
    updatedAt: row.updated_at,
  };
}
