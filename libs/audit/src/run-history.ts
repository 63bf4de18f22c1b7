import { Injectable } from '@nestjs/common';

import { ValidationError } from '@app/errors';
import { EventStore, RecordedEvent } from '@app/event-store';

import { runIdOf } from './audit-event';
import { RunStreamLookup } from './run-stream-lookup';

const SCAN = 500;

export interface RunEventsPage {
  readonly events: RecordedEvent[];
  /** The revision to continue from, or null after the run's last event. */
  readonly next: bigint | null;
}

/**
 * A run's events from its stream. A stream holds its runs one after the
 * other, never interleaved, and every event names its run: the run's
 * events are the stream's contiguous range carrying its id.
 */
@Injectable()
export class RunHistory {
  constructor(
    private readonly store: EventStore,
    private readonly lookup: RunStreamLookup,
  ) {}

  /**
   * Up to `limit` events from revision `from` (the run's first event when
   * absent).
   * @throws NotFoundError for a run not of this tenant.
   */
  async page(
    tenantId: string,
    runId: string,
    limit: number,
    from?: bigint,
  ): Promise<RunEventsPage> {
    const stream = await this.lookup.streamOf(tenantId, runId);
    const events: RecordedEvent[] = [];
    let started = from !== undefined;
    let revision = from ?? 0n;
    for (;;) {
      const batch = await this.store.readStream(stream, {
        fromRevision: revision,
        maxCount: started ? limit + 1 : SCAN,
      });
      for (const event of batch) {
        if (runIdOf(event) === runId) {
          started = true;
          events.push(event);
          if (events.length > limit) {
            return { events: events.slice(0, limit), next: event.revision };
          }
        } else if (started) {
          return { events, next: null };
        }
      }
      if (batch.length === 0) return { events, next: null };
      revision = batch[batch.length - 1].revision + 1n;
    }
  }

  /** Every event of the run, page by page. */
  async *all(tenantId: string, runId: string): AsyncGenerator<RecordedEvent> {
    let from: bigint | undefined;
    for (;;) {
      const page = await this.page(tenantId, runId, SCAN, from);
      yield* page.events;
      if (page.next === null) return;
      from = page.next;
    }
  }

  /**
   * The run's events up to and including `revision`.
   * @throws ValidationError when the revision is not one of the run's.
   */
  async upTo(
    tenantId: string,
    runId: string,
    revision: bigint,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.all(tenantId, runId)) {
      if (event.revision > revision) break;
      events.push(event);
    }
    if (events.at(-1)?.revision !== revision) {
      throw new ValidationError(
        `revision ${revision} is not an event of run ${runId}`,
        [{ field: 'at', message: `must be a revision of run ${runId}` }],
      );
    }
    return events;
  }
}
