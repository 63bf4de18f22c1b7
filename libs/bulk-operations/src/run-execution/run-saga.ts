import { Injectable, Logger } from '@nestjs/common';

import { RecordedEvent } from '@app/event-store';
import { CorrelationContext } from '@app/observability';
import { AsProjection, Projection } from '@app/projections';
import { BackupSets, PolicyInventory } from '@app/reference-data';

import { AddPoliciesRequested } from '../run-events';
import { isActive } from '../run-state';
import { BULK_OPERATION_CATEGORY } from '../run-stream';
import { CaptureScheduler } from './capture-scheduler';
import { RunAppender } from './run-appender';
import { StreamStateCache } from './stream-state-cache';

export const RUN_SAGA = 'bulk-operation-run-saga';

/**
 * Starts runs: for each request, checks that the backup set still exists,
 * schedules a capture job for every item without an outcome, and records
 * the start. Runs from its own checkpoint like a projection; replaying a
 * request repeats nothing that happened: items with outcomes are skipped,
 * job ids dedupe live jobs, and the start and failure events have fixed
 * ids and expected revisions.
 */
@Injectable()
@AsProjection()
export class RunSaga implements Projection {
  readonly name = RUN_SAGA;
  readonly filter = {
    streamPrefixes: [BULK_OPERATION_CATEGORY],
    eventTypes: ['AddPoliciesRequested'],
  };
  readonly tables: readonly string[] = [];
  private readonly logger = new Logger(RunSaga.name);

  constructor(
    private readonly states: StreamStateCache,
    private readonly appender: RunAppender,
    private readonly scheduler: CaptureScheduler,
    private readonly backupSets: BackupSets,
    private readonly inventory: PolicyInventory,
    private readonly correlation: CorrelationContext,
  ) {}

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'AddPoliciesRequested') {
        // What this reaction logs and schedules belongs to the request.
        const ids = {
          correlationId: String(event.metadata.correlationId),
          causationId: event.id,
        };
        await this.correlation.run(ids, () =>
          this.onAddPoliciesRequested(
            event as RecordedEvent & AddPoliciesRequested,
          ),
        );
      }
    }
  }

  private async onAddPoliciesRequested(
    event: RecordedEvent & AddPoliciesRequested,
  ): Promise<void> {
    const { runId, tenantId, backupSetId } = event.data;
    // Independent reads, at once: jobs start that much sooner.
    const [state, backupSet, policies] = await Promise.all([
      this.states.load(event.streamName),
      this.backupSets.findActive(tenantId, backupSetId),
      this.inventory.findMany(tenantId, event.data.policyIds),
    ]);
    const run = state.current;
    if (!isActive(run) || run.runId !== runId) return;
    const cause = {
      tenantId,
      userId: run.requestedBy,
      correlationId: String(event.metadata.correlationId),
      causationId: event.id,
    };

    if (!backupSet) {
      await this.appender.decideAndAppend(event.streamName, cause, (s) =>
        isActive(s.current) && s.current.runId === runId
          ? [
              {
                type: 'BulkOperationRunFailed',
                data: {
                  runId,
                  reasonCode: 'backup_set_not_found',
                  message: `Backup set ${backupSetId} no longer exists in the tenant.`,
                },
              },
            ]
          : [],
      );
      this.logger.log({ runId, reason: 'backup_set_not_found' }, 'run failed');
      return;
    }

    const outstanding = run.policyIds.filter((id) => !run.outcomes.has(id));
    // One inventory query for the run, not one per job.
    const objects = new Map(
      policies.map((p) => [
        p.id,
        { policyType: p.policyType, graphId: p.graphId },
      ]),
    );
    await this.scheduler.schedule(
      outstanding.map((policyId) => ({
        runId,
        tenantId,
        policyId,
        streamName: event.streamName,
        correlationId: cause.correlationId,
        causationId: event.id,
        policy: objects.get(policyId),
      })),
    );
    await this.appender.decideAndAppend(event.streamName, cause, (s) =>
      s.current?.runId === runId && s.current.status === 'pending'
        ? [
            {
              type: 'BulkOperationRunStarted',
              data: { runId, scheduledCount: outstanding.length },
            },
          ]
        : [],
    );
    this.logger.log({ runId, scheduled: outstanding.length }, 'run started');
  }
}
