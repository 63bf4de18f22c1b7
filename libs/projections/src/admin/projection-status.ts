import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { EventStore, Position, START } from '@app/event-store';

import {
  Checkpoint,
  CheckpointStore,
  ProjectionState,
} from '../checkpoint-store';
import { Projection } from '../projection';
import { ProjectionHost } from '../projection-host';
import {
  heldAdvisoryLocks,
  rebuildLockKey,
  runnerLockKey,
} from './advisory-locks';
import {
  isRebuildCheckpoint,
  rebuildCheckpointName,
} from './rebuild-checkpoint';

export interface RebuildStatus {
  /** `stopped` when the last rebuild failed or its process died. */
  readonly state: 'rebuilding' | 'stopped';
  readonly position: Position;
  readonly eventsApplied: number;
  readonly error: string | null;
  readonly updatedAt: string;
}

export interface ProjectionStatus {
  readonly name: string;
  /** `rebuilding` while a rebuild runs; the live runner's state otherwise. */
  readonly state: ProjectionState;
  readonly position: Position;
  readonly eventsApplied: number;
  /** Matching events after the checkpoint; null when this process does not know the projection's filter. */
  readonly lagEvents: number | null;
  /** Age of the oldest unapplied event, 0 when there is none. */
  readonly lagSeconds: number | null;
  readonly error: string | null;
  /** Some process holds the projection's runner lock. */
  readonly running: boolean;
  readonly updatedAt: string | null;
  readonly rebuild: RebuildStatus | null;
}

/**
 * Position, lag and state of every projection: the ones this process knows
 * and any other with a checkpoint (the saga, seen from the API).
 */
@Injectable()
export class ProjectionStatusService {
  constructor(
    private readonly host: ProjectionHost,
    private readonly checkpoints: CheckpointStore,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
  ) {}

  async all(): Promise<ProjectionStatus[]> {
    const rows = await this.checkpoints.all();
    const byName = new Map(rows.map((row) => [row.name, row]));
    const known = new Map(this.host.projections().map((p) => [p.name, p]));
    const names = [
      ...new Set([
        ...known.keys(),
        ...rows.map((r) => r.name).filter((n) => !isRebuildCheckpoint(n)),
      ]),
    ].sort();
    const locks = await heldAdvisoryLocks(this.dataSource, [
      ...names.map(runnerLockKey),
      ...names.map(rebuildLockKey),
    ]);
    return Promise.all(
      names.map((name) =>
        this.statusOf(
          name,
          known.get(name),
          byName.get(name),
          byName.get(rebuildCheckpointName(name)),
          locks,
        ),
      ),
    );
  }

  /** Only the cheap part: state and age of the oldest unapplied event. */
  async lagOf(projection: Projection): Promise<{
    state: ProjectionState;
    lagSeconds: number;
    error: string | null;
  }> {
    const checkpoint = await this.checkpoints.find(projection.name);
    const [oldest] = await this.store.readAll({
      from: checkpoint?.position ?? START,
      maxCount: 1,
      filter: projection.filter,
    });
    return {
      state: checkpoint?.state ?? 'catching_up',
      lagSeconds: oldest ? secondsSince(oldest.recordedAt) : 0,
      error: checkpoint?.error ?? null,
    };
  }

  private async statusOf(
    name: string,
    projection: Projection | undefined,
    checkpoint: Checkpoint | undefined,
    rebuildRow: Checkpoint | undefined,
    locks: Set<string>,
  ): Promise<ProjectionStatus> {
    const position = checkpoint?.position ?? START;
    const backlog = projection
      ? await this.store.backlog(position, projection.filter)
      : undefined;
    const rebuild = rebuildRow
      ? toRebuildStatus(rebuildRow, locks.has(rebuildLockKey(name)))
      : null;
    return {
      name,
      state:
        rebuild?.state === 'rebuilding'
          ? 'rebuilding'
          : (checkpoint?.state ?? 'catching_up'),
      position,
      eventsApplied: checkpoint?.eventsApplied ?? 0,
      lagEvents: backlog?.events ?? null,
      lagSeconds: backlog
        ? backlog.oldestRecordedAt
          ? secondsSince(backlog.oldestRecordedAt)
          : 0
        : null,
      error: checkpoint?.error ?? null,
      running: locks.has(runnerLockKey(name)),
      updatedAt: checkpoint?.updatedAt.toISOString() ?? null,
      rebuild,
    };
  }
}

function toRebuildStatus(row: Checkpoint, locked: boolean): RebuildStatus {
  // A row left `rebuilding` without the lock: its process died mid-way.
  const abandoned = row.state === 'rebuilding' && !locked;
  return {
    state: row.state === 'rebuilding' && !abandoned ? 'rebuilding' : 'stopped',
    position: row.position,
    eventsApplied: row.eventsApplied,
    error: abandoned ? 'the rebuilding process ended' : row.error,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function secondsSince(time: Date): number {
  return Math.max(0, Math.round((Date.now() - time.getTime()) / 100) / 10);
}
