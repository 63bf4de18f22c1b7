import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { DataSource } from 'typeorm';

import { EventStore } from '@app/event-store';

import { CheckpointStore } from './checkpoint-store';
import { AsProjection, Projection } from './projection';
import { DEFAULT_RUNNER_OPTIONS, ProjectionRunner } from './projection-runner';

export const PROJECTIONS_OPTIONS = Symbol('PROJECTIONS_OPTIONS');

export interface ProjectionsOptions {
  /** Run the projections in this process (workers, the local default). */
  readonly run: boolean;
}

/**
 * Finds every provider marked with `@AsProjection()` and, in processes
 * that run projections, keeps a runner going for each.
 */
@Injectable()
export class ProjectionHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ProjectionHost.name);
  private runners: ProjectionRunner[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly checkpoints: CheckpointStore,
    @Inject(PROJECTIONS_OPTIONS) private readonly options: ProjectionsOptions,
  ) {}

  /** Every projection known to this process. */
  projections(): Projection[] {
    return this.discovery
      .getProviders({ metadataKey: AsProjection.KEY })
      .map((wrapper) => wrapper.instance as Projection)
      .filter((instance): instance is Projection => Boolean(instance));
  }

  onApplicationBootstrap(): void {
    if (!this.options.run) return;
    this.runners = this.projections().map(
      (projection) =>
        new ProjectionRunner(
          projection,
          this.store,
          this.dataSource,
          this.checkpoints,
          DEFAULT_RUNNER_OPTIONS,
        ),
    );
    for (const runner of this.runners) runner.start();
    this.logger.log(
      `running projections: ${this.runners.map((r) => r.projection.name).join(', ')}`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }
}
