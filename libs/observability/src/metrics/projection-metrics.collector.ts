import { Injectable, Logger, Optional } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';

import { EventStore } from '@app/event-store';
import { CheckpointStore, ProjectionHost } from '@app/projections';

interface ProjectionReading {
  readonly projection: string;
  readonly position: number;
  readonly lagSeconds: number;
  readonly stopped: boolean;
}

/**
 * Position and lag of every projection this process knows, read from the
 * checkpoints and the log on each scrape, so a stalled projection shows a
 * growing lag even when nothing runs it. Lag is the age of the oldest
 * event the projection has not applied yet (0 when caught up).
 */
@Injectable()
export class ProjectionMetricsCollector {
  private readonly logger = new Logger(ProjectionMetricsCollector.name);
  // prom-client collects gauges concurrently: one read serves all three.
  private reading?: Promise<ProjectionReading[]>;

  constructor(
    registry: Registry,
    @Optional() private readonly host?: ProjectionHost,
    @Optional() private readonly checkpoints?: CheckpointStore,
    @Optional() private readonly store?: EventStore,
  ) {
    this.gauge(
      registry,
      'bulkops_projection_position',
      'Events a projection has applied since it was built (its checkpoint).',
      (r) => r.position,
    );
    this.gauge(
      registry,
      'bulkops_projection_lag_seconds',
      'Age of the oldest event a projection has not applied; 0 when caught up.',
      (r) => r.lagSeconds,
    );
    this.gauge(
      registry,
      'bulkops_projection_stopped',
      '1 when a projection stopped on a failure and needs support.',
      (r) => (r.stopped ? 1 : 0),
    );
  }

  private gauge(
    registry: Registry,
    name: string,
    help: string,
    value: (reading: ProjectionReading) => number,
  ): void {
    const gauge: Gauge<'projection'> = new Gauge({
      name,
      help,
      labelNames: ['projection'],
      registers: [registry],
      collect: async () => {
        gauge.reset();
        for (const reading of await this.read()) {
          gauge.set({ projection: reading.projection }, value(reading));
        }
      },
    });
  }

  private read(): Promise<ProjectionReading[]> {
    this.reading ??= this.readAll()
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'projection metrics unavailable');
        return [];
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async readAll(): Promise<ProjectionReading[]> {
    const { host, checkpoints, store } = this;
    if (!host || !checkpoints || !store) return [];
    const byName = new Map((await checkpoints.all()).map((c) => [c.name, c]));
    const now = Date.now();
    return Promise.all(
      host.projections().map(async ({ name, filter }) => {
        const checkpoint = byName.get(name);
        const [pending] = await store.readAll({
          from: checkpoint?.position,
          maxCount: 1,
          filter,
        });
        return {
          projection: name,
          position: checkpoint?.eventsApplied ?? 0,
          lagSeconds: pending
            ? Math.max(0, now - pending.recordedAt.getTime()) / 1000
            : 0,
          stopped: checkpoint?.state === 'stopped',
        };
      }),
    );
  }
}
