import { Injectable, Optional } from '@nestjs/common';

import { ConcurrencyError } from '@app/errors';
import { EventStore } from '@app/event-store';
import { RunMetrics } from '@app/observability';

import { deterministicEventId } from '../event-ids';
import {
  BULK_OPERATION_SCHEMA_VERSION,
  BulkOperationEvent,
} from '../run-events';
import { evolveAll, StreamState } from '../run-state';
import { StreamStateCache } from './stream-state-cache';

export interface EventCause {
  readonly tenantId: string;
  readonly userId: string;
  readonly correlationId: string;
  readonly causationId: string;
}

/** An event to append with the cause its metadata records. */
export interface CausedEvent {
  readonly event: BulkOperationEvent;
  readonly cause: EventCause;
}

/** What to append, and the stream's state once it is appended. */
export interface Decided {
  readonly caused: readonly CausedEvent[];
  readonly next: StreamState;
}

const MAX_ATTEMPTS = 50;

/**
 * Load, decide, append with the expected revision; on a conflict load
 * again and decide again. Event ids are derived from the run and what the
 * event records, so an append repeated after a crash is a no-op. The
 * first attempt decides on the cached state, and a successful append moves
 * the cache forward without a read.
 */
@Injectable()
export class RunAppender {
  constructor(
    private readonly store: EventStore,
    private readonly states: StreamStateCache,
    @Optional() private readonly metrics?: RunMetrics,
  ) {}

  /** Appends what `decide` answers, every event with the same cause. */
  async decideAndAppend(
    streamName: string,
    cause: EventCause,
    decide: (state: StreamState) => readonly BulkOperationEvent[],
  ): Promise<readonly BulkOperationEvent[]> {
    const appended = await this.decideAndAppendCaused(streamName, (state) => {
      const events = decide(state);
      return {
        caused: events.map((event) => ({ event, cause })),
        next: evolveAll(state, events),
      };
    });
    return appended.map(({ event }) => event);
  }

  /**
   * Appends what `decide` answers in one append, each event with its own
   * cause (outcomes of several jobs). `decide` may run more than once:
   * again after every conflict, on the newer state.
   */
  async decideAndAppendCaused(
    streamName: string,
    decide: (state: StreamState) => Decided,
  ): Promise<readonly CausedEvent[]> {
    // This process's own appends keep the cached state current. What it
    // may miss (another process's appends) shows as a conflict, or as
    // nothing to do: both are checked again on a state read from the store.
    let state = this.states.cached(streamName);
    let read = false;
    for (let attempt = 1; ; attempt++) {
      if (!state) {
        state = await this.states.load(streamName);
        read = true;
      }
      const { caused, next } = decide(state);
      if (caused.length === 0) {
        if (read) return [];
        state = undefined;
        continue;
      }
      try {
        await this.store.append(streamName, caused.map(toNewEvent), {
          expectedRevision: state.revision < 0n ? 'no_stream' : state.revision,
        });
        this.states.advance(streamName, next);
        this.countTransitions(caused);
        return caused;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) {
          throw error;
        }
        state = undefined;
      }
    }
  }

  private countTransitions(caused: readonly CausedEvent[]): void {
    for (const { event } of caused) {
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

function toNewEvent({ event, cause }: CausedEvent) {
  return {
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
  };
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
