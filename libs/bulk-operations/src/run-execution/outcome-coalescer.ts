import { Injectable } from '@nestjs/common';

import { decideOutcome, OutcomeEvent, RecordOutcome } from '../decide-outcome';
import { StreamFold } from '../run-state';
import { CausedEvent, EventCause, RunAppender } from './run-appender';

interface PendingOutcome {
  readonly command: RecordOutcome;
  readonly cause: EventCause;
  readonly resolve: (events: readonly OutcomeEvent[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Records item outcomes of one run stream in shared appends: while one
 * append is in flight, the outcomes that arrive wait and go together in
 * the next, decided one after the other on the same state. Concurrent jobs
 * of a run then cost one round trip per batch instead of one each plus a
 * conflict and a reload per collision. Each caller learns what its own
 * outcome appended (nothing when the item already had one), and only once
 * the append is durable; when the append fails, every caller in it fails.
 */
@Injectable()
export class OutcomeCoalescer {
  /** Outcomes waiting for the next append, by stream; absent when idle. */
  private readonly waiting = new Map<string, PendingOutcome[]>();

  constructor(private readonly appender: RunAppender) {}

  record(
    streamName: string,
    cause: EventCause,
    command: RecordOutcome,
  ): Promise<readonly OutcomeEvent[]> {
    return new Promise((resolve, reject) => {
      const pending = { command, cause, resolve, reject };
      const queue = this.waiting.get(streamName);
      if (queue) {
        queue.push(pending);
        return;
      }
      this.waiting.set(streamName, [pending]);
      void this.drain(streamName);
    });
  }

  /** Appends batches of the stream until no outcome waits. */
  private async drain(streamName: string): Promise<void> {
    for (;;) {
      const batch = this.waiting.get(streamName)!;
      if (batch.length === 0) {
        this.waiting.delete(streamName);
        return;
      }
      this.waiting.set(streamName, []);
      await this.append(streamName, batch);
    }
  }

  private async append(
    streamName: string,
    batch: readonly PendingOutcome[],
  ): Promise<void> {
    let recorded = new Map<PendingOutcome, readonly OutcomeEvent[]>();
    try {
      await this.appender.decideAndAppendCaused(streamName, (state) => {
        recorded = new Map();
        const caused: CausedEvent[] = [];
        const fold = new StreamFold(state);
        for (const pending of batch) {
          const decision = decideOutcome(fold.state, pending.command);
          if (decision.kind !== 'append') continue;
          recorded.set(pending, decision.events);
          for (const event of decision.events) {
            fold.apply(event);
            caused.push({ event, cause: pending.cause });
          }
        }
        return { caused, next: fold.state };
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    for (const pending of batch) pending.resolve(recorded.get(pending) ?? []);
  }
}
