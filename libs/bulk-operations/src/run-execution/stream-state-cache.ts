import { Injectable } from '@nestjs/common';

import { EventStore, RecordedEvent } from '@app/event-store';

import { loadStreamState } from '../load-stream';
import { BulkOperationEvent } from '../run-events';
import { evolve, StreamState } from '../run-state';

const MAX_STREAMS = 1000;

/**
 * Stream states kept between jobs of the same run, brought up to date by
 * reading only the events appended since: a worker handling a thousand
 * items of one run reads each event about once, not once per item.
 */
@Injectable()
export class StreamStateCache {
  private readonly states = new Map<string, StreamState>();

  constructor(private readonly store: EventStore) {}

  async load(streamName: string): Promise<StreamState> {
    const cached = this.states.get(streamName);
    const state = cached
      ? await this.catchUp(streamName, cached)
      : await loadStreamState(this.store, streamName);
    this.remember(streamName, state);
    return state;
  }

  private async catchUp(
    streamName: string,
    state: StreamState,
  ): Promise<StreamState> {
    const events = await this.store.readStream(streamName, {
      fromRevision: state.revision + 1n,
    });
    return events.reduce(
      (current, event) =>
        evolve(
          current,
          event as RecordedEvent & BulkOperationEvent,
          event.revision,
        ),
      state,
    );
  }

  private remember(streamName: string, state: StreamState): void {
    this.states.delete(streamName);
    this.states.set(streamName, state);
    if (this.states.size > MAX_STREAMS) {
      this.states.delete(this.states.keys().next().value as string);
    }
  }
}
