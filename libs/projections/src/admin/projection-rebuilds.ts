import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { NotFoundError } from '@app/errors';
import { EventStore } from '@app/event-store';

import { CheckpointStore } from '../checkpoint-store';
import { Projection } from '../projection';
import { ProjectionHost } from '../projection-host';
import {
  ProjectionRebuild,
  RebuildResult,
  VerifyResult,
} from './projection-rebuild';

/**
 * Starts rebuilds and verifications of this process's projections. A
 * rebuild started for HTTP runs in the background; shutting the process
 * down aborts it, leaving the live tables as they were.
 */
@Injectable()
export class ProjectionRebuilds implements OnModuleDestroy {
  private readonly logger = new Logger(ProjectionRebuilds.name);
  private readonly shutdown = new AbortController();
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    private readonly host: ProjectionHost,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly checkpoints: CheckpointStore,
  ) {}

  /** Projections that own tables, i.e. can be rebuilt. */
  rebuildable(): Projection[] {
    return this.host.projections().filter((p) => p.tables.length > 0);
  }

  /**
   * Takes the rebuild lock now and rebuilds in the background.
   * @throws NotFoundError, UnprocessableError, ConflictError
   */
  async start(name: string, requestedBy: string): Promise<void> {
    const rebuild = await this.begin(name, requestedBy);
    const done = rebuild
      .rebuild(this.shutdown.signal)
      .then((result) => this.logDone('rebuilt', result))
      .catch(() => undefined)
      .finally(() => this.background.delete(done));
    this.background.add(done);
  }

  /** Rebuilds and swaps in, returning when done. */
  async rebuild(name: string, requestedBy: string): Promise<RebuildResult> {
    const rebuild = await this.begin(name, requestedBy);
    const result = await rebuild.rebuild(this.shutdown.signal);
    this.logDone('rebuilt', result);
    return result;
  }

  /** Rebuilds into scratch tables and compares them with the live ones. */
  async verify(name: string, requestedBy: string): Promise<VerifyResult> {
    const rebuild = await this.begin(name, requestedBy);
    const result = await rebuild.verify(this.shutdown.signal);
    this.logDone('verified', result);
    return result;
  }

  async onModuleDestroy(): Promise<void> {
    this.shutdown.abort(new Error('the process is shutting down'));
    await Promise.all(this.background);
  }

  private async begin(
    name: string,
    requestedBy: string,
  ): Promise<ProjectionRebuild> {
    const projection = this.host.projections().find((p) => p.name === name);
    if (!projection) throw new NotFoundError('projection', name);
    const rebuild = await ProjectionRebuild.begin(projection, {
      store: this.store,
      dataSource: this.dataSource,
      checkpoints: this.checkpoints,
    });
    this.logger.log({ projection: name, requestedBy }, 'rebuild started');
    return rebuild;
  }

  private logDone(what: string, result: RebuildResult): void {
    this.logger.log(
      {
        projection: result.projection,
        events: result.events,
        durationMs: result.durationMs,
      },
      `projection ${what}`,
    );
  }
}
