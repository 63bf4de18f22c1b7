import { waitFor } from '@app/testing';

import { SubscriptionState } from '../event-store.port';
import {
  consume,
  expectConflict,
  ids,
  newEvent,
  newEvents,
  runId,
} from '../testing/contract-helpers';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { EsdbDouble } from '../testing/esdb-double';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const FAST_RESUBSCRIBE = { initialMs: 20, maxMs: 200 };

/** EventStoreDB recognises repeated ids only at the same expected revision. */
const ESDB_CAPABILITIES = { globalEventIds: false };

describeEventStoreContract(
  'EventStoreDB (test double)',
  async (options) => {
    const double = await EsdbDouble.start();
    const store = new EventStoreDbEventStore({
      connectionString: double.connectionString,
      // Small pages so log reads cross several of them.
      batchSize: 5,
      ...options,
    });
    return {
      store,
      close: async () => {
        await store.close();
        await double.stop();
      },
    };
  },
  ESDB_CAPABILITIES,
);

const realServer = process.env.EVENTSTORE_URL;
if (realServer) {
  describeEventStoreContract(
    'EventStoreDB (EVENTSTORE_URL)',
    async (options) => {
      const store = new EventStoreDbEventStore({
        connectionString: realServer,
        ...options,
      });
      return { store, close: () => store.close() };
    },
    ESDB_CAPABILITIES,
  );
} else {
  describe.skip('EventStoreDB (EVENTSTORE_URL) event store (contract)', () => {
    it('is skipped: EVENTSTORE_URL is not set, so no real server to run against', () => {});
  });
}

describe('EventStoreDbEventStore', () => {
  let double: EsdbDouble;
  let store: EventStoreDbEventStore;

  beforeAll(async () => {
    double = await EsdbDouble.start();
    store = new EventStoreDbEventStore({
      connectionString: double.connectionString,
      maxEventBytes: 4_096,
      resubscribe: FAST_RESUBSCRIBE,
    });
  });

  afterAll(async () => {
    await store?.close();
    await double?.stop();
  });

  describe('when the server restarts mid-subscription', () => {
    it('resubscribes from the last delivered event: no gap, no repeat, reconnecting then live', async () => {
      const prefix = `restart${runId()}-`;
      const subscription = store.subscribeToAll({
        from: await store.headPosition(),
        filter: { streamPrefixes: [prefix] },
      });
      const states: SubscriptionState[] = [];
      const watch = setInterval(() => {
        if (states.at(-1) !== subscription.state)
          states.push(subscription.state);
      }, 2);
      const consumer = consume(subscription);
      const before = newEvents(3);
      await store.append(`${prefix}1`, before, {
        expectedRevision: 'no_stream',
      });
      await waitFor('the first events', () => consumer.received.length === 3);
      await waitFor('live', () => subscription.state === 'live');

      await double.restart();
      await waitFor('reconnecting', () => states.includes('reconnecting'));
      const after = newEvents(3);
      await waitFor('an append after the restart', () =>
        store
          .append(`${prefix}1`, after, { expectedRevision: 2n })
          .then(() => true),
      );
      await waitFor('the later events', () => consumer.received.length >= 6);
      await waitFor('live again', () => subscription.state === 'live');
      await subscription.close();
      clearInterval(watch);
      states.push(subscription.state);

      expect(ids(consumer.received)).toEqual(ids([...before, ...after]));
      const reconnecting = states.indexOf('reconnecting');
      expect(states.slice(reconnecting)).toContain('live');
      expect(states.at(-1)).toBe('closed');
    });
  });

  describe('writing metadata', () => {
    it('adds $correlationId and $causationId to the metadata JSON, and reads the port metadata back', async () => {
      const stream = `meta${runId()}`;
      const caused = newEvent('T', {}, { causationId: 'cause-7' });
      const first = newEvent('T', {});

      await store.append(stream, [first, caused], {
        expectedRevision: 'no_stream',
      });

      const [a, b] = double.log.stream(stream)!.map((event) => ({
        contentType: event.contentType,
        metadata: JSON.parse(Buffer.from(event.customMetadata).toString()),
      }));
      expect(a.contentType).toBe('application/json');
      expect(a.metadata).toEqual({
        ...first.metadata,
        $correlationId: first.metadata.correlationId,
      });
      expect(b.metadata).toEqual({
        ...caused.metadata,
        $correlationId: caused.metadata.correlationId,
        $causationId: 'cause-7',
      });
      const read = await store.readStream(stream);
      expect(read.map((e) => e.metadata)).toEqual([
        first.metadata,
        caused.metadata,
      ]);
    });
  });

  describe('with system events in the log', () => {
    it('leaves them out of log reads, subscriptions and the head position', async () => {
      const prefix = `sys${runId()}-`;
      const from = await store.headPosition();
      const subscription = store.subscribeToAll({ from });
      const consumer = consume(subscription);
      const user = newEvent();
      await store.append(`${prefix}1`, [user], {
        expectedRevision: 'no_stream',
      });
      double.log.append(`$$${prefix}1`, { kind: 'any' }, [
        {
          id: '00000000-0000-4000-8000-000000000001',
          type: '$metadata',
          contentType: 'application/json',
          data: Buffer.from('{}'),
          customMetadata: Buffer.from(''),
        },
      ]);

      const head = await store.headPosition();
      const page = await store.readAll({ from });
      await waitFor('the user event', () => consumer.received.length >= 1);
      await subscription.close();

      expect(ids(page)).toEqual([user.id]);
      expect(ids(consumer.received)).toEqual([user.id]);
      expect(head).toBe(page[0].position);
    });
  });

  describe('against a server without BatchAppend', () => {
    let plain: EsdbDouble;
    let plainStore: EventStoreDbEventStore;

    beforeAll(async () => {
      plain = await EsdbDouble.start({ batchAppend: false });
      plainStore = new EventStoreDbEventStore({
        connectionString: plain.connectionString,
        maxEventBytes: 4_096,
      });
    });

    afterAll(async () => {
      await plainStore?.close();
      await plain?.stop();
    });

    it('appends, recognises a retry and reports conflicts through Append', async () => {
      const stream = `plain${runId()}`;
      const events = newEvents(2);

      const first = await plainStore.append(stream, events, {
        expectedRevision: 'no_stream',
      });
      const again = await plainStore.append(stream, events, {
        expectedRevision: 'no_stream',
      });

      expect(again).toEqual(first);
      await expectConflict(
        plainStore.append(stream, newEvents(1), { expectedRevision: 5n }),
        '5',
        '1',
      );
    });
  });

  describe('connecting', () => {
    it('discovers the node through gossip with esdb+discover://', async () => {
      const discovered = new EventStoreDbEventStore({
        connectionString: double.discoveryConnectionString,
        maxEventBytes: 4_096,
      });
      try {
        const stream = `disc${runId()}`;
        await discovered.append(stream, newEvents(1), {
          expectedRevision: 'no_stream',
        });
        expect(await discovered.streamRevision(stream)).toBe(0n);
      } finally {
        await discovered.close();
      }
    });

    it('fails reads and appends once closed', async () => {
      const closing = new EventStoreDbEventStore({
        connectionString: double.connectionString,
        maxEventBytes: 4_096,
      });
      await closing.ping();
      await closing.close();

      await expect(closing.headPosition()).rejects.toThrow(/closed/);
    });
  });
});
