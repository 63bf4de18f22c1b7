import type { MessageEvent } from '@nestjs/common';

import { RunProgress } from './run-progress';
import { runProgressStream } from './run-progress-stream';

const OPTIONS = { pollMs: 250, heartbeatMs: 15_000 };

function progress(overrides: Partial<RunProgress> = {}): RunProgress {
  return {
    runId: 'r1',
    status: 'running',
    total: 3,
    processed: 0,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    failureCode: null,
    ...overrides,
  };
}

/** A read model the test moves forward by hand. */
function fakeRunRow(initial: RunProgress) {
  let current: RunProgress | null = initial;
  const read = jest.fn(async () => current);
  return {
    read,
    set: (next: RunProgress | null) => {
      current = next;
    },
  };
}

function collect(
  initial: RunProgress,
  read: () => Promise<RunProgress | null>,
) {
  const events: MessageEvent[] = [];
  let done = false;
  const subscription = runProgressStream(initial, read, OPTIONS).subscribe({
    next: (event) => events.push(event),
    complete: () => (done = true),
  });
  return { events, subscription, isDone: () => done };
}

describe('runProgressStream', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('while the run is active', () => {
    it('sends the current progress at once and again only when it changes', async () => {
      const row = fakeRunRow(progress());
      const { events, subscription } = collect(progress(), row.read);

      await jest.advanceTimersByTimeAsync(1000);
      row.set(progress({ processed: 1, succeeded: 1 }));
      await jest.advanceTimersByTimeAsync(1000);

      expect(events).toEqual([
        { type: 'progress', data: progress() },
        { type: 'progress', data: progress({ processed: 1, succeeded: 1 }) },
      ]);
      expect(row.read.mock.calls.length).toBeGreaterThanOrEqual(7);
      subscription.unsubscribe();
    });

    it('sends a heartbeat comment every 15 seconds', async () => {
      const row = fakeRunRow(progress());
      const { events, subscription } = collect(progress(), row.read);

      await jest.advanceTimersByTimeAsync(30_000);

      expect(events.filter((e) => e.comment === 'heartbeat')).toHaveLength(2);
      subscription.unsubscribe();
    });

    it('keeps polling when the run row is briefly missing', async () => {
      const row = fakeRunRow(progress());
      const { events, subscription } = collect(progress(), row.read);

      row.set(null);
      await jest.advanceTimersByTimeAsync(500);
      row.set(progress({ processed: 2, succeeded: 2 }));
      await jest.advanceTimersByTimeAsync(250);

      expect(events.map((e) => e.data)).toEqual([
        progress(),
        progress({ processed: 2, succeeded: 2 }),
      ]);
      subscription.unsubscribe();
    });
  });

  describe('when the run finishes', () => {
    it('sends the final progress and `finished`, then completes and stops its timers', async () => {
      const row = fakeRunRow(progress());
      const { events, isDone } = collect(progress(), row.read);
      const done = progress({
        status: 'completed_with_errors',
        processed: 3,
        succeeded: 2,
        failed: 1,
      });

      row.set(done);
      await jest.advanceTimersByTimeAsync(250);

      expect(events.slice(1)).toEqual([
        { type: 'progress', data: done },
        { type: 'finished', data: done },
      ]);
      expect(isDone()).toBe(true);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('ends at once for a run that had already finished', () => {
      const done = progress({ status: 'failed', failureCode: 'gone' });
      const { events, isDone } = collect(done, async () => done);

      expect(events.map((e) => e.type)).toEqual(['progress', 'finished']);
      expect(isDone()).toBe(true);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  describe('when the client leaves', () => {
    it('stops polling and heartbeats, and ignores a poll in flight', async () => {
      let release: (value: RunProgress) => void = () => undefined;
      const read = jest.fn(
        () => new Promise<RunProgress>((resolve) => (release = resolve)),
      );
      const { events, subscription } = collect(progress(), read);

      await jest.advanceTimersByTimeAsync(250);
      subscription.unsubscribe();
      release(progress({ processed: 1, succeeded: 1 }));
      await jest.advanceTimersByTimeAsync(30_000);

      expect(events).toHaveLength(1);
      expect(read).toHaveBeenCalledTimes(1);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  it('fails the stream when the read model cannot be read', async () => {
    const errors: unknown[] = [];
    runProgressStream(
      progress(),
      () => Promise.reject(new Error('connection lost')),
      OPTIONS,
    ).subscribe({ error: (error) => errors.push(error) });

    await jest.advanceTimersByTimeAsync(250);

    expect(errors).toEqual([new Error('connection lost')]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
