import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppConfig } from '@app/config';
import { EventStore } from '@app/event-store';

import { isActive } from '../run-state';
import { CaptureScheduler } from './capture-scheduler';
import { StreamStateCache } from './stream-state-cache';

const LOCK = 'bulk-operation-run-reconciler';

interface ActiveRunRow {
  id: string;
  tenant_id: string;
  stream_name: string;
}

/**
 * Keeps runs from hanging: periodically finds items of active runs that
 * have no outcome and no live job (Redis lost its data, a job was removed,
 * a job ran out of attempts on infrastructure errors) and schedules them
 * again. One process reconciles at a time (advisory lock).
 */
@Injectable()
export class RunReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly states: StreamStateCache,
    private readonly scheduler: CaptureScheduler,
    private readonly config: AppConfig,
    private readonly store: EventStore,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.reconcileIntervalMs === 0) return;
    this.timer = setInterval(() => {
      this.running ??= this.reconcileOnce()
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'reconcile pass failed');
          return 0;
        })
        .finally(() => (this.running = undefined));
    }, this.config.reconcileIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many items were scheduled again. */
  async reconcileOnce(): Promise<number> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [LOCK],
      );
      if (!locked) return 0;
      try {
        return await this.rescheduleOrphans();
      } finally {
        await lock.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [
          LOCK,
        ]);
      }
    } finally {
      await lock.release();
    }
  }

  private async rescheduleOrphans(): Promise<number> {
    const runs = await this.dataSource.query<ActiveRunRow[]>(
      `SELECT id, tenant_id, stream_name FROM bulk_operation_runs
        WHERE status IN ('pending', 'running')
          AND created_at < now() - make_interval(secs => $1::float / 1000)`,
      [this.config.reconcileGraceMs],
    );
    let rescheduled = 0;
    for (const row of runs) {
      const state = await this.states.load(row.stream_name);
      const run = state.current;
      if (!isActive(run) || run.runId !== row.id) continue;
      let cause: { correlationId: string; causationId: string } | undefined;
      for (const policyId of run.policyIds) {
        if (run.outcomes.has(policyId)) continue;
        if (await this.scheduler.isLive(run.runId, policyId)) continue;
        cause ??= await this.requestOf(row.stream_name, run.runId);
        await this.scheduler.reschedule({
          runId: run.runId,
          tenantId: run.tenantId,
          policyId,
          streamName: row.stream_name,
          ...cause,
        });
        rescheduled++;
      }
    }
    if (rescheduled > 0) {
      this.logger.log({ rescheduled }, 'rescheduled items without a job');
    }
    return rescheduled;
  }

  /**
   * The run's request: rescheduled jobs carry its correlation id like the
   * saga's, so one id still finds every line of the run.
   */
  private async requestOf(
    streamName: string,
    runId: string,
  ): Promise<{ correlationId: string; causationId: string }> {
    const events = await this.store.readStream(streamName, {
      direction: 'backwards',
    });
    const request = events.find(
      (event) =>
        event.type === 'AddPoliciesRequested' &&
        (event.data as { runId?: string }).runId === runId,
    );
    return {
      correlationId: String(request?.metadata.correlationId ?? runId),
      causationId: request?.id ?? runId,
    };
  }
}
