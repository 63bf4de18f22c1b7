import { ConcurrencyError } from '@app/errors';
import { waitFor } from '@app/testing';

import {
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  RecordedEvent,
} from '../event-store.port';
import {
  consume,
  expectConflict,
  expectIncreasingPositions,
  expectInvalid,
  ids,
  newEvent,
  newEvents,
  runId,
} from './contract-helpers';

/** The size limit the suite configures (data JSON plus metadata JSON). */
export const CONTRACT_MAX_EVENT_BYTES = 4_096;

export interface EventStoreUnderTest {
  readonly store: EventStore;
  /** Ends connections; called once after the suite. */
  close(): Promise<void>;
}

export type EventStoreFactory = (options: {
  readonly maxEventBytes: number;
}) => Promise<EventStoreUnderTest>;

/** Where adapters may differ, each within what the port promises. */
export interface EventStoreCapabilities {
  /**
   * Event ids are unique across the whole store, so an id seen before is a
   * conflict wherever and whenever it comes again (PostgreSQL). Without it
   * (EventStoreDB), ids are only recognised as a retry at the same expected
   * revision; the port promises no more, and the service relies on no more.
   */
  readonly globalEventIds: boolean;
}

/**
 * The rules every adapter of {@link EventStore} must keep, written once.
 * Call it from an adapter's integration spec. Tests only touch streams and
 * event types of their own, so the store may hold other data.
 */
/**
 * Reads of the log may trail appends briefly (the PostgreSQL adapter waits
 * for older transactions to end), so log reads first wait for the head.
 */
function waitForHead(store: EventStore, position: Position): Promise<true> {
  return waitFor(
    `the head at ${position}`,
    async () => (await store.headPosition()) >= position,
  );
}

export function describeEventStoreContract(
  name: string,
  factory: EventStoreFactory,
  capabilities: EventStoreCapabilities = { globalEventIds: true },
): void {
  describe(`${name} event store (contract)`, () => {
    let subject: EventStoreUnderTest;
    let store: EventStore;

    beforeAll(async () => {
      subject = await factory({ maxEventBytes: CONTRACT_MAX_EVENT_BYTES });
      store = subject.store;
    });

    afterAll(() => subject?.close());

    const append = (
      stream: string,
      events: readonly NewEvent[],
      expectedRevision: ExpectedRevision,
    ) => store.append(stream, events, { expectedRevision });

    describe('appending with an expected revision', () => {
      it('creates a stream with no_stream and returns its revision and position', async () => {
        const stream = `order-${runId()}`;

        const result = await append(stream, newEvents(2), 'no_stream');

        expect(result.nextExpectedRevision).toBe(1n);
        expect(await store.streamRevision(stream)).toBe(1n);
        const [last] = await store.readStream(stream, {
          direction: 'backwards',
          maxCount: 1,
        });
        expect(last.position).toBe(result.position);
      });

      it('rejects no_stream on an existing stream with its actual revision', async () => {
        const stream = `order-${runId()}`;
        await append(stream, newEvents(2), 'no_stream');

        await expectConflict(
          append(stream, newEvents(1), 'no_stream'),
          'no_stream',
          '1',
        );
        expect(await store.streamRevision(stream)).toBe(1n);
      });

      it('appends with stream_exists to an existing stream', async () => {
        const stream = `order-${runId()}`;
        await append(stream, newEvents(1), 'no_stream');

        const result = await append(stream, newEvents(2), 'stream_exists');

        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('rejects stream_exists on a missing stream', async () => {
        const stream = `order-${runId()}`;

        await expectConflict(
          append(stream, newEvents(1), 'stream_exists'),
          'stream_exists',
          'no_stream',
        );
        expect(await store.streamRevision(stream)).toBe(-1n);
      });

      it('appends with any whether or not the stream exists', async () => {
        const stream = `order-${runId()}`;

        await append(stream, newEvents(1), 'any');
        const result = await append(stream, newEvents(2), 'any');

        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('appends at an exact revision the stream is at', async () => {
        const stream = `order-${runId()}`;
        await append(stream, newEvents(2), 'no_stream');

        const result = await append(stream, newEvents(1), 1n);

        expect(result.nextExpectedRevision).toBe(2n);
        expect(ids(await store.readStream(stream))).toHaveLength(3);
      });

      it('rejects an exact revision the stream is not at, writing nothing', async () => {
        const stream = `order-${runId()}`;
        await append(stream, newEvents(2), 'no_stream');

        await expectConflict(append(stream, newEvents(1), 5n), '5', '1');
        await expectConflict(append(stream, newEvents(1), 0n), '0', '1');
        await expectConflict(
          append(`order-${runId()}`, newEvents(1), 0n),
          '0',
          'no_stream',
        );
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('retrying an append', () => {
      it.each<[string, ExpectedRevision | 'exact']>([
        ['no_stream', 'no_stream'],
        ['an exact revision', 'exact'],
        ['stream_exists', 'stream_exists'],
        ['any', 'any'],
      ])(
        'returns the original result and writes nothing for the same ids at %s',
        async (_, kind) => {
          const stream = `order-${runId()}`;
          if (kind !== 'no_stream') {
            await append(stream, newEvents(1), 'no_stream');
          }
          const expected = kind === 'exact' ? 0n : kind;
          const events = newEvents(3);

          const first = await append(stream, events, expected);
          const again = await append(stream, events, expected);

          expect(again).toEqual(first);
          expect(await store.readStream(stream)).toHaveLength(
            kind === 'no_stream' ? 3 : 4,
          );
        },
      );

      it('returns the original result after the stream moved on', async () => {
        const stream = `order-${runId()}`;
        await append(stream, newEvents(1), 'no_stream');
        const events = newEvents(2);
        const first = await append(stream, events, 0n);
        await append(stream, newEvents(1), 2n);

        expect(await append(stream, events, 0n)).toEqual(first);
        expect(await store.streamRevision(stream)).toBe(3n);
      });

      it('rejects the same ids at another expected revision', async () => {
        const stream = `order-${runId()}`;
        await append(stream, newEvents(1), 'no_stream');
        const events = newEvents(2);
        await append(stream, events, 0n);

        if (capabilities.globalEventIds) {
          await expectConflict(append(stream, events, 2n), '2', '2');
        }
        await expectConflict(
          append(stream, events, 'no_stream'),
          'no_stream',
          '2',
        );
        expect(await store.streamRevision(stream)).toBe(2n);
      });

      it('rejects a partial overlap and writes none of the new events', async () => {
        const stream = `order-${runId()}`;
        const events = newEvents(2);
        await append(stream, events, 'no_stream');
        const fresh = newEvent();

        await expectConflict(append(stream, [events[1], fresh], 0n), '0', '1');
        if (capabilities.globalEventIds) {
          await expectConflict(
            append(stream, [fresh, events[0]], 1n),
            '1',
            '1',
          );
        }
        await expectConflict(
          append(stream, [...events, fresh], 'any'),
          'any',
          '1',
        );
        expect(ids(await store.readStream(stream))).toEqual(ids(events));
      });

      it('rejects ids that were appended to another stream', async () => {
        const events = newEvents(1);
        await append(`order-${runId()}`, events, 'no_stream');
        const other = `order-${runId()}`;

        const appended = append(other, events, 'no_stream');

        if (capabilities.globalEventIds) {
          await expectConflict(appended, 'no_stream', 'no_stream');
          expect(await store.streamRevision(other)).toBe(-1n);
        } else {
          // Ids are per stream here: the other stream simply gets the event.
          await appended;
          expect(await store.streamRevision(other)).toBe(0n);
        }
      });
    });

    describe('concurrent appends to one stream', () => {
      it.each<[string, ExpectedRevision]>([
        ['no_stream', 'no_stream'],
        ['the same exact revision', 0n],
      ])('let exactly one of ten win with %s', async (_, expected) => {
        const stream = `order-${runId()}`;
        if (expected !== 'no_stream') {
          await append(stream, newEvents(1), 'no_stream');
        }

        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () =>
            append(stream, newEvents(2), expected),
          ),
        );

        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.flatMap((o) =>
          o.status === 'rejected' ? [o.reason as unknown] : [],
        );
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(9);
        for (const error of lost) {
          expect(error).toBeInstanceOf(ConcurrencyError);
        }
        const streamLength = expected === 'no_stream' ? 2 : 3;
        expect(await store.readStream(stream)).toHaveLength(streamLength);
      });
    });

    describe('reading a stream', () => {
      let stream: string;
      let events: NewEvent[];

      beforeAll(async () => {
        stream = `order-${runId()}`;
        events = newEvents(6);
        await append(stream, events.slice(0, 2), 'no_stream');
        await append(stream, events.slice(2), 1n);
      });

      it('reads forwards from the start, in revision order', async () => {
        const read = await store.readStream(stream);

        expect(ids(read)).toEqual(ids(events));
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 5n]);
        expectIncreasingPositions(read);
      });

      it('reads forwards from a revision, at most maxCount', async () => {
        const read = await store.readStream(stream, {
          fromRevision: 2n,
          maxCount: 3,
        });

        expect(read.map((e) => e.revision)).toEqual([2n, 3n, 4n]);
      });

      it('reads backwards from the end or from a revision', async () => {
        const all = await store.readStream(stream, { direction: 'backwards' });
        const some = await store.readStream(stream, {
          direction: 'backwards',
          fromRevision: 3n,
          maxCount: 2,
        });

        expect(ids(all)).toEqual(ids(events).reverse());
        expect(some.map((e) => e.revision)).toEqual([3n, 2n]);
      });

      it('reads a missing stream, or past its end, as empty', async () => {
        expect(await store.readStream(`order-${runId()}`)).toEqual([]);
        expect(await store.readStream(stream, { fromRevision: 6n })).toEqual(
          [],
        );
        expect(await store.streamRevision(`order-${runId()}`)).toBe(-1n);
      });

      it('rejects a negative fromRevision or a maxCount below one', async () => {
        await expectInvalid(store.readStream(stream, { fromRevision: -1n }));
        await expectInvalid(store.readStream(stream, { maxCount: 0 }));
      });
    });

    describe('event content', () => {
      it('round-trips data, metadata with extra keys, type and id', async () => {
        const stream = `order-${runId()}`;
        const event = newEvent(
          'PolicyCaptured',
          { name: 'Gerät – ünïcode ✓', nested: { list: [1, 'two', null] } },
          { causationId: 'cause-1', schemaVersion: 2, traceId: 'trace-9' },
        );
        const before = Date.now();
        const head = await store.headPosition();

        const { position } = await append(stream, [event], 'no_stream');
        const [read] = await store.readStream(stream);
        const [fromLog] = await waitFor('the event in the log', async () => {
          const page = await store.readAll({
            from: head,
            filter: { streamPrefixes: [stream] },
          });
          return page.length > 0 && page;
        });

        for (const recorded of [read, fromLog]) {
          expect(recorded).toMatchObject({
            id: event.id,
            type: 'PolicyCaptured',
            data: event.data,
            metadata: event.metadata,
            streamName: stream,
            revision: 0n,
            position,
          });
          expect(recorded.recordedAt).toBeInstanceOf(Date);
          expect(recorded.recordedAt.getTime()).toBeGreaterThan(
            before - 60_000,
          );
        }
      });
    });

    describe('rejecting bad input', () => {
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      const ok = 'ok';
      const cases: Array<[string, string, () => NewEvent[], ExpectedRevision]> =
        [
          ['an empty stream name', '', () => newEvents(1), 'any'],
          [
            'a stream name over 512 characters',
            'x'.repeat(513),
            () => newEvents(1),
            'any',
          ],
          ['an empty event list', ok, () => [], 'any'],
          ['a negative expected revision', ok, () => newEvents(1), -1n],
          [
            'a malformed event id',
            ok,
            () => [{ ...newEvent(), id: 'not-a-uuid' }],
            'any',
          ],
          [
            'an event id used twice in one append',
            ok,
            () => {
              const event = newEvent();
              return [event, event];
            },
            'any',
          ],
          ['an empty event type', ok, () => [newEvent('')], 'any'],
          ['data with a BigInt', ok, () => [newEvent('T', { n: 1n })], 'any'],
          [
            'circular metadata',
            ok,
            () => [newEvent('T', {}, { extra: circular })],
            'any',
          ],
          [
            'an event over the size limit',
            ok,
            () => [
              newEvent('T', { blob: 'x'.repeat(CONTRACT_MAX_EVENT_BYTES) }),
            ],
            'any',
          ],
          [
            'metadata without tenantId',
            ok,
            () => [newEvent('T', {}, { tenantId: undefined })],
            'any',
          ],
          [
            'metadata without a schema version',
            ok,
            () => [newEvent('T', {}, { schemaVersion: undefined })],
            'any',
          ],
          [
            'a bad event after a good one',
            ok,
            () => [newEvent(), { ...newEvent(), id: 'x' }],
            'any',
          ],
        ];

      it.each(cases)(
        'rejects %s and writes nothing',
        async (_, name, events, expected) => {
          const stream = name === ok ? `order-${runId()}` : name;

          await expectInvalid(append(stream, events(), expected));

          if (name === ok) {
            expect(await store.readStream(stream)).toEqual([]);
          }
        },
      );

      it('accepts an event just under the size limit', async () => {
        const event = newEvent('T', {
          blob: 'x'.repeat(CONTRACT_MAX_EVENT_BYTES - 400),
        });

        await expect(
          append(`order-${runId()}`, [event], 'no_stream'),
        ).resolves.toMatchObject({ nextExpectedRevision: 0n });
      });

      it('rejects a position it never produced', async () => {
        await expectInvalid(store.readAll({ from: 'garbage' as Position }));
      });
    });

    describe('reading the log', () => {
      it('pages through the log in append order from a position', async () => {
        const run = runId();
        const filter = { streamPrefixes: [`log${run}-`] };
        const head = await store.headPosition();
        const written: NewEvent[] = [];
        let lastPosition = head;
        for (let i = 0; i < 4; i += 1) {
          for (const s of ['a', 'b']) {
            const events = newEvents(2);
            ({ position: lastPosition } = await append(
              `log${run}-${s}`,
              events,
              'any',
            ));
            written.push(...events);
          }
        }

        await waitForHead(store, lastPosition);
        const read: RecordedEvent[] = [];
        let from = head;
        for (;;) {
          const page = await store.readAll({ from, maxCount: 3, filter });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(3);
          read.push(...page);
          from = page.at(-1)!.position;
        }

        expect(ids(read)).toEqual(ids(written));
        expectIncreasingPositions(read);
        expect(read.at(-1)!.position).toBe(lastPosition);
        expect((await store.headPosition()) >= lastPosition).toBe(true);
      });

      it('filters by stream prefix and by event type', async () => {
        const run = runId();
        const head = await store.headPosition();
        const a = newEvent(`X${run}`);
        const b = newEvent(`Y${run}`);
        const c = newEvent(`X${run}`);
        await append(`fa${run}-1`, [a], 'no_stream');
        await append(`fb${run}-1`, [b], 'no_stream');
        const last = await append(`fc${run}-1`, [c], 'no_stream');
        await waitForHead(store, last.position);

        const byPrefix = await store.readAll({
          from: head,
          filter: { streamPrefixes: [`fa${run}-`, `fb${run}-`] },
        });
        const byType = await store.readAll({
          from: head,
          filter: { eventTypes: [`X${run}`] },
        });
        const both = await store.readAll({
          from: head,
          filter: {
            streamPrefixes: [`fc${run}-`],
            eventTypes: [`X${run}`, `Y${run}`],
          },
        });

        expect(ids(byPrefix)).toEqual([a.id, b.id]);
        expect(ids(byType)).toEqual([a.id, c.id]);
        expect(ids(both)).toEqual([c.id]);
      });
    });

    describe('subscribing to the log', () => {
      it('delivers history, then live events, and ends on close', async () => {
        const prefix = `sub${runId()}-`;
        const head = await store.headPosition();
        const history = newEvents(3);
        await append(`${prefix}1`, history, 'no_stream');
        const subscription = store.subscribeToAll({
          from: head,
          filter: { streamPrefixes: [prefix] },
        });
        expect(subscription.state).toBe('catching_up');
        const consumer = consume(subscription);

        await waitFor('history', () => consumer.received.length === 3);
        await waitFor('live state', () => subscription.state === 'live');
        const live = newEvents(2);
        await append(`${prefix}2`, live, 'no_stream');
        await waitFor('live events', () => consumer.received.length === 5);
        await subscription.close();

        await waitFor('the loop to end', () => consumer.ended, {
          timeoutMs: 2_000,
        });
        expect(subscription.state).toBe('closed');
        expect(ids(consumer.received)).toEqual(ids([...history, ...live]));
      });

      it('delivers every event of 8 concurrent writers on 50 streams exactly once, in stream order', async () => {
        const prefix = `load${runId()}-`;
        const streams = Array.from({ length: 50 }, (_, i) => `${prefix}${i}`);
        const subscription = store.subscribeToAll({
          from: await store.headPosition(),
          filter: { streamPrefixes: [prefix] },
        });
        const consumer = consume(subscription);
        const written: string[] = [];

        await Promise.all(
          Array.from({ length: 8 }, async (_, writer) => {
            for (let i = 0; i < 40; i += 1) {
              const stream = streams[Math.floor(Math.random() * 50)];
              const events = newEvents(1 + (i % 3));
              // Odd writers append blindly, so appends queue on one stream.
              if (writer % 2 === 1) {
                await append(stream, events, 'any');
                written.push(...ids(events));
                continue;
              }
              for (;;) {
                const revision = await store.streamRevision(stream);
                try {
                  await append(
                    stream,
                    events,
                    revision < 0n ? 'no_stream' : revision,
                  );
                  written.push(...ids(events));
                  break;
                } catch (error) {
                  if (!(error instanceof ConcurrencyError)) throw error;
                }
              }
            }
          }),
        );
        await waitFor(
          'every event',
          () => consumer.received.length >= written.length,
        );
        await subscription.close();

        const received = ids(consumer.received);
        expect(new Set(received).size).toBe(received.length);
        expect([...received].sort()).toEqual([...written].sort());
        expectIncreasingPositions(consumer.received);
        const next = new Map<string, bigint>();
        for (const event of consumer.received) {
          expect(event.revision).toBe(next.get(event.streamName) ?? 0n);
          next.set(event.streamName, event.revision + 1n);
        }
      });

      it('resumes from a checkpoint without gaps or duplicates', async () => {
        const prefix = `resume${runId()}-`;
        const filter = { streamPrefixes: [prefix] };
        const head = await store.headPosition();
        const written: string[] = [];
        const write = async (count: number) => {
          for (let i = 0; i < count; i += 1) {
            const events = newEvents(2);
            await append(`${prefix}${i % 3}`, events, 'any');
            written.push(...ids(events));
          }
        };
        await write(5);

        const first: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({ from: head, filter });
        for await (const event of subscription) {
          first.push(event);
          if (first.length === 7) break;
        }
        expect(subscription.state).toBe('closed');
        await write(5);
        const resumed = store.subscribeToAll({
          from: first.at(-1)!.position,
          filter,
        });
        const consumer = consume(resumed);
        await write(5);
        await waitFor(
          'the rest',
          () => first.length + consumer.received.length >= written.length,
        );
        await resumed.close();

        expect([...ids(first), ...ids(consumer.received)]).toEqual(written);
      });

      it('filters by stream prefix and event type', async () => {
        const run = runId();
        const head = await store.headPosition();
        const byPrefix = store.subscribeToAll({
          from: head,
          filter: { streamPrefixes: [`sa${run}-`, `sb${run}-`] },
        });
        const byType = store.subscribeToAll({
          from: head,
          filter: { eventTypes: [`X${run}`, `Y${run}`] },
        });
        const consumers = [consume(byPrefix), consume(byType)];
        const [a, b, c, d] = [`X${run}`, `Z${run}`, `Y${run}`, `Z${run}`].map(
          (type) => newEvent(type),
        );
        await append(`sa${run}-1`, [a], 'no_stream');
        await append(`sb${run}-1`, [b], 'no_stream');
        await append(`sc${run}-1`, [c], 'no_stream');
        await append(`sa${run}-1`, [d], 0n);

        await waitFor(
          'the last events',
          () =>
            consumers.every((x) => x.received.length >= 2) &&
            consumers[0].received.length >= 3,
        );
        await Promise.all([byPrefix.close(), byType.close()]);

        expect(ids(consumers[0].received)).toEqual([a.id, b.id, d.id]);
        expect(ids(consumers[1].received)).toEqual([a.id, c.id]);
      });
    });
  });
}
