import { Position, RecordedEvent, START } from '../event-store.port';
import { AppendSignal } from './append-signal';
import { encodePosition } from './postgres-position';
import { LogPage, PostgresSubscription } from './postgres-subscription';

/**
 * The subscription's scheduling against an in-memory log: which reads it
 * makes, not how PostgreSQL answers them (postgres-event-store.int.spec.ts
 * covers that).
 */
describe('PostgresSubscription tailing the log', () => {
  const log: RecordedEvent[] = [];
  let reads = 0;
  const signal = new AppendSignal();

  function append(): void {
    const n = log.length + 1;
    log.push({
      id: `e${n}`,
      type: 'T',
      data: { n },
      metadata: { tenantId: 't', userId: 'u', correlationId: 'c' },
      streamName: 's',
      revision: BigInt(n - 1),
      position: encodePosition(String(n), String(n)),
      recordedAt: new Date(),
    } as RecordedEvent);
    signal.notify();
  }

  async function readPage(after: Position, _filter: unknown, limit: number) {
    reads++;
    const events = log.filter((e) => e.position > after).slice(0, limit);
    const page: LogPage = {
      events,
      scannedTo: events.at(-1)?.position ?? after,
      heldBack: false,
    };
    return page;
  }

  function subscribe(liveReadIntervalMs: number) {
    return new PostgresSubscription(
      START,
      undefined,
      readPage,
      signal,
      { batchSize: 100, pollIntervalMs: 60_000, liveReadIntervalMs },
      () => undefined,
    );
  }

  async function consume(
    subscription: PostgresSubscription,
    count: number,
  ): Promise<number[]> {
    const seen: number[] = [];
    for await (const event of subscription) {
      seen.push((event.data as { n: number }).n);
      if (seen.length === count) break;
    }
    return seen;
  }

  beforeEach(() => {
    log.length = 0;
    reads = 0;
  });

  it('reads a burst of appends together: one read per interval, not one per append', async () => {
    const subscription = subscribe(50);
    const received = consume(subscription, 100);
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      append();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const seen = await received;
    const elapsed = performance.now() - started;

    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // One read at the start, then at most one per 50 ms, plus the read
    // in flight when the burst ended.
    expect(reads).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 2);
    expect(reads).toBeLessThan(100);
  });

  it('stops spacing its reads when closed', async () => {
    append();
    const subscription = subscribe(60_000);
    const received = consume(subscription, 2);
    // The second append arrives inside the (minute-long) interval.
    await new Promise((resolve) => setTimeout(resolve, 20));
    append();
    await subscription.close();

    expect(await received).toEqual([1]);
  });
});
