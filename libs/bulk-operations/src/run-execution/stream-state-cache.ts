import { Injectable } from '@nestjs/common';

import { EventStore, RecordedEvent } from '@app/event-store';

import { loadStreamState } from '../load-stream';
import { BulkOperationEvent } from '../run-events';
import { evolveAll, StreamState } from '../run-state';

const MAX_STREAMS = 1000;

/**
 * Stream states kept between jobs of the same run, brought up to date by
 * reading only the events appended since, or by this process's own
 * appends: a worker handling a thousand items of one run reads each event
 * about once, not once per item. A cached state is never ahead of the
 * stream, only possibly behind it (another process appended since).
 */
@Injectable()
export class StreamStateCache {
  private readonly states = new Map<string, StreamState>();

  constructor(private readonly store: EventStore) {}

  /** The stream's state as of now: one read of what was appended since. */
  async load(streamName: string): Promise<StreamState> {
    const cached = this.states.get(streamName);
    const state = cached
      ? await this.catchUp(streamName, cached)
      : await loadStreamState(this.store, streamName);
    return this.advance(streamName, state);
  }

  /**
   * The cached state, without a read; it may miss what other processes
   * appended since. An append that expects its revision costs a conflict
   * then, and a {@link load}.
   */
  cached(streamName: string): StreamState | undefined {
    return this.states.get(streamName);
  }

  /**
   * The cached state when it knows the run, without a read; it may miss
   * what other processes appended since. Good for skipping work, not for
   * deciding: decisions append with the expected revision.
   */
  peek(streamName: string, runId: string): StreamState | undefined {
    const cached = this.states.get(streamName);
    return cached?.current?.runId === runId ? cached : undefined;
  }

  /**
   * Remembers a state known to match the stream at its revision (read, or
   * just appended) and answers the newest state known: an older one than
   * the cached state (a read that raced an append) is ignored.
   */
  advance(streamName: string, state: StreamState): StreamState {
    const cached = this.states.get(streamName);
    if (cached && cached.revision > state.revision) return cached;
    this.states.delete(streamName);
    this.states.set(streamName, state);
    if (this.states.size > MAX_STREAMS) {
      this.states.delete(this.states.keys().next().value as string);
    }
    return state;
  }

  private async catchUp(
    streamName: string,
    state: StreamState,
  ): Promise<StreamState> {
    const events = await this.store.readStream(streamName, {
      fromRevision: state.revision + 1n,
    });
    return evolveAll(
      state,
      events as Array<RecordedEvent & BulkOperationEvent>,
    );
  }
}
