import { randomUUID } from 'node:crypto';

import { ConcurrencyError, ValidationError } from '@app/errors';

import {
  EventMetadata,
  EventSubscription,
  NewEvent,
  RecordedEvent,
} from '../event-store.port';

export function metadata(extra: Partial<EventMetadata> = {}): EventMetadata {
  return {
    tenantId: 'tenant-1',
    userId: 'user-1',
    correlationId: randomUUID(),
    causationId: null,
    schemaVersion: 1,
    ...extra,
  };
}

export function newEvent(
  type = 'SomethingHappened',
  data: unknown = { n: 1 },
  meta: Partial<EventMetadata> = {},
): NewEvent {
  return { id: randomUUID(), type, data, metadata: metadata(meta) };
}

export function newEvents(count: number, type?: string): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newEvent(type, { n }));
}

/** A short id that keeps one test's streams apart from every other's. */
export function runId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 12);
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but it resolved');
    },
    (error: unknown) => error,
  );
}

export async function expectConflict(
  promise: Promise<unknown>,
  expected: string,
  actual: string,
): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ConcurrencyError);
  expect(error).toMatchObject({ expected, actual });
}

export async function expectInvalid(promise: Promise<unknown>): Promise<void> {
  expect(await rejection(promise)).toBeInstanceOf(ValidationError);
}

export interface Consumer {
  readonly received: RecordedEvent[];
  /** Settles when the `for await` loop ends. */
  readonly done: Promise<void>;
  ended: boolean;
}

/** Drains a subscription in the background into `received`. */
export function consume(subscription: EventSubscription): Consumer {
  const consumer = {
    received: [] as RecordedEvent[],
    ended: false,
  } as Consumer;
  (consumer as { done: Promise<void> }).done = (async () => {
    for await (const event of subscription) consumer.received.push(event);
    consumer.ended = true;
  })();
  return consumer;
}

export const ids = (events: readonly { id: string }[]) =>
  events.map((e) => e.id);

export function expectIncreasingPositions(events: RecordedEvent[]): void {
  for (let i = 1; i < events.length; i += 1) {
    expect(events[i].position > events[i - 1].position).toBe(true);
  }
}
