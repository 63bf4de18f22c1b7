import { Injectable, Optional } from '@nestjs/common';

import { ConcurrencyError } from '@app/errors';
import { EventStore } from '@app/event-store';
import { RunMetrics } from '@app/observability';

import { deterministicEventId } from '../event-ids';
import {
  BULK_OPERATION_SCHEMA_VERSION,
  BulkOperationEvent,
} from '../run-events';
import { StreamState } from '../run-state';
import { StreamStateCache } from './stream-state-cache';

export interface EventCause {
  readonly tenantId: string;
  readonly userId: string;
  readonly correlationId: string;
  readonly causationId: string;
}

const MAX_ATTEMPTS = 50;

/**
 * Load, decide, append with the expected revision; on a conflict load
 * again and decide again. Event ids are derived from the run and what the
 * event records, so an append repeated after a crash is a no-op.
 */
@Injectable()
export class RunAppender {
  constructor(
    private readonly store: EventStore,
    private readonly states: StreamStateCache,
    @Optional() private readonly metrics?: RunMetrics,
  ) {}

  async decideAndAppend(
    streamName: string,
    cause: EventCause,
    decide: (state: StreamState) => readonly BulkOperationEvent[],
  ): Promise<readonly BulkOperationEvent[]> {
    for (let attempt = 1; ; attempt++) {
      const state = await this.states.load(streamName);
      const events = decide(state);
      if (events.length === 0) return [];
      try {
        await this.store.append(
          streamName,
          events.map((event) => ({
            id: eventIdOf(event),
            type: event.type,
            data: event.data,
            metadata: {
              tenantId: cause.tenantId,
              userId: cause.userId,
              correlationId: cause.correlationId,
              causationId: cause.causationId,
              schemaVersion: BULK_OPERATION_SCHEMA_VERSION,
            },
          })),
          {
            expectedRevision:
              state.revision < 0n ? 'no_stream' : state.revision,
          },
        );
        this.countTransitions(events);
        return events;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) {
          throw error;
        }
      }
    }
  }

  private countTransitions(events: readonly BulkOperationEvent[]): void {
    for (const event of events) {
      if (event.type === 'BulkOperationRunStarted') {
        this.metrics?.transition('started');
      } else if (event.type === 'BulkOperationRunCompleted') {
        this.metrics?.transition(event.data.status);
      } else if (event.type === 'BulkOperationRunFailed') {
        this.metrics?.transition('failed');
      }
    }
  }
}

/** One id per fact: an item has one outcome, a run one start and one end. */
export function eventIdOf(event: BulkOperationEvent): string {
  const { runId } = event.data;
  switch (event.type) {
    case 'AddPoliciesRequested':
      return deterministicEventId(runId, 'requested');
    case 'BulkOperationRunStarted':
      return deterministicEventId(runId, 'started');
    case 'PolicyCaptured':
    case 'PolicyCaptureFailed':
      return deterministicEventId(runId, event.data.policyId, 'outcome');
    case 'BulkOperationRunCompleted':
    case 'BulkOperationRunFailed':
      return deterministicEventId(runId, 'terminal');
  }
}
