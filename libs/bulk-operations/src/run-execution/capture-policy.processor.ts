import { InjectQueue } from '@nestjs/bull';
import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import type { Job, Queue } from 'bull';

import { AppConfig } from '@app/config';
import {
  GraphCaptureError,
  PolicyCaptureService,
  SnapshotStore,
} from '@app/graph';
import { CaptureMetrics, CorrelationContext } from '@app/observability';
import { CAPTURE_QUEUE } from '@app/queue';
import { PolicyInventory } from '@app/reference-data';

import { ItemResult } from '../decide-outcome';
import { CaptureOptions } from '../run-events';
import { CaptureJob, CapturedObject } from './capture-job';
import { OutcomeCoalescer } from './outcome-coalescer';
import { StreamStateCache } from './stream-state-cache';

/** Failure messages stored per item are bounded. */
const MAX_MESSAGE = 500;

/**
 * Captures one item of a run and records its one outcome. Bull delivers at
 * least once, so the stream decides: an item that has an outcome is done.
 * Retryable Graph failures throw while Bull attempts remain (backoff), and
 * become `PolicyCaptureFailed` only on the last one. A job completes only
 * once its outcome is appended (with other jobs' outcomes of the run, see
 * {@link OutcomeCoalescer}).
 */
@Injectable()
export class CapturePolicyProcessor
  implements OnModuleInit, BeforeApplicationShutdown
{
  private readonly logger = new Logger(CapturePolicyProcessor.name);

  constructor(
    private readonly states: StreamStateCache,
    private readonly outcomes: OutcomeCoalescer,
    private readonly inventory: PolicyInventory,
    private readonly capture: PolicyCaptureService,
    private readonly snapshots: SnapshotStore,
    private readonly config: AppConfig,
    @InjectQueue(CAPTURE_QUEUE) private readonly queue: Queue<CaptureJob>,
    private readonly correlation: CorrelationContext,
    @Optional() private readonly metrics?: CaptureMetrics,
  ) {}

  /** Consumes with the configured concurrency; only workers import this. */
  onModuleInit(): void {
    // Each job runs in the run's correlation context: its log lines and
    // Graph calls carry the ids the job was scheduled with.
    this.queue.on('failed', (job: Job<CaptureJob>, error: Error) =>
      this.correlation.run(idsOf(job.data), () => this.onFailed(job, error)),
    );
    void this.queue.process(this.config.workerConcurrency, (job) =>
      this.correlation.run(idsOf(job.data), () =>
        this.handleCapturePolicy(job),
      ),
    );
  }

  /**
   * Stops taking jobs and lets the ones in flight finish while the event
   * store and database are still open (they close on application
   * shutdown, after this). A job cut off anyway is redelivered.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }

  async handleCapturePolicy(job: Job<CaptureJob>): Promise<string> {
    const { runId, policyId, streamName, tenantId } = job.data;
    const attempt = job.attemptsMade + 1;
    const lastAttempt = attempt >= (job.opts.attempts ?? 1);

    // The cached state skips redelivered items without a read; one that
    // misses another process's outcome costs a capture, not a duplicate.
    const state =
      this.states.peek(streamName, runId) ??
      (await this.states.load(streamName));
    const run = state.current;
    if (!run || run.runId !== runId || run.outcomes.has(policyId)) {
      return 'already_recorded';
    }
    if (run.status !== 'pending' && run.status !== 'running') {
      return 'run_finished';
    }

    const started = performance.now();
    const result = await this.captureItem(
      job.data,
      run.options,
      attempt,
      lastAttempt,
    );
    const seconds = (performance.now() - started) / 1000;
    const appended = await this.outcomes.record(
      streamName,
      {
        tenantId,
        userId: run.requestedBy,
        correlationId: job.data.correlationId,
        causationId: job.data.causationId,
      },
      { runId, policyId, result },
    );
    if (appended.length === 0) return 'already_recorded';
    this.observe(result, seconds);
    const completed = appended.find(
      (event) => event.type === 'BulkOperationRunCompleted',
    );
    if (completed) {
      this.logger.log(
        { runId, status: completed.data.status },
        'run completed',
      );
    }
    this.logger.debug(
      { runId, policyId, outcome: result.kind },
      'item recorded',
    );
    return result.kind;
  }

  private observe(result: ItemResult, seconds: number): void {
    this.metrics?.observe(
      result.kind === 'captured'
        ? { policyType: result.policyType, outcome: 'captured', seconds }
        : {
            policyType: result.policyType ?? 'unknown',
            outcome: 'failed',
            reasonCode: result.reasonCode,
            seconds,
          },
    );
  }

  private onFailed(job: Job<CaptureJob>, error: Error): void {
    this.logger.warn(
      {
        runId: job.data.runId,
        policyId: job.data.policyId,
        attempt: job.attemptsMade,
        code: error instanceof GraphCaptureError ? error.code : 'internal',
      },
      'capture attempt failed',
    );
  }

  /**
   * The item's result, or a throw that makes Bull try again later. Errors
   * that are not Graph's (database, Redis) always throw: the job retries,
   * and the reconciler reschedules it if its attempts run out.
   */
  private async captureItem(
    job: CaptureJob,
    options: CaptureOptions,
    attempt: number,
    lastAttempt: boolean,
  ): Promise<ItemResult> {
    const policy = job.policy ?? (await this.lookUp(job));
    if (!policy) {
      return {
        kind: 'failed',
        reasonCode: 'not_in_inventory',
        message: 'The policy is no longer in the tenant inventory.',
        attempts: attempt,
      };
    }

    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.config.captureTimeoutMs);
    try {
      const snapshot = await this.capture.capturePolicy(
        job.tenantId,
        { policyType: policy.policyType, graphId: policy.graphId },
        options,
        abort.signal,
      );
      await this.snapshots.save(snapshot);
      return {
        kind: 'captured',
        policyType: policy.policyType,
        snapshotHash: snapshot.hash,
        attempts: attempt,
      };
    } catch (error) {
      if (!(error instanceof GraphCaptureError)) throw error;
      if (error.retryable && !lastAttempt) throw error;
      return {
        kind: 'failed',
        policyType: policy.policyType,
        reasonCode: error.code,
        message: error.message.slice(0, MAX_MESSAGE),
        attempts: attempt,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  private async lookUp(job: CaptureJob): Promise<CapturedObject | undefined> {
    const [policy] = await this.inventory.findMany(job.tenantId, [
      job.policyId,
    ]);
    return policy;
  }
}

function idsOf(job: CaptureJob) {
  return { correlationId: job.correlationId, causationId: job.causationId };
}
