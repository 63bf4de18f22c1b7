import { Logger } from '@nestjs/common';
import { START as ESDB_START } from '@eventstore/db-client';
import type {
  AllStreamSubscription,
  EventStoreDBClient,
} from '@eventstore/db-client';

import {
  EventSubscription,
  Position,
  RecordedEvent,
  SubscriptionState,
} from '../event-store.port';
import { toRecordedEvent } from './esdb-event';
import { UpcasterRegistry } from '../upcasting';
import { FilterPlan } from './esdb-filter';
import { decodePosition } from './esdb-position';

export interface ResubscribeBackoff {
  /** First pause after a failure. Default 50 ms. */
  readonly initialMs?: number;
  /** Longest pause. Default 5,000 ms. */
  readonly maxMs?: number;
}

/**
 * A catch-up subscription to `$all` that outlives its gRPC call. The
 * client never resubscribes by itself; when the call fails or ends, this
 * resubscribes from the last delivered position (exclusive) with
 * exponential backoff, so the consumer sees no gap and no repeat.
 * `caughtUp` from the server (23.10 and later) marks it `live`.
 */
export class EsdbSubscription implements EventSubscription {
  private readonly logger = new Logger(EsdbSubscription.name);
  private current: SubscriptionState = 'catching_up';
  private iterated = false;
  private call?: AllStreamSubscription;
  private cancelPause?: () => void;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly from: Position,
    private readonly plan: FilterPlan,
    private readonly upcasters: UpcasterRegistry,
    private readonly backoff: ResubscribeBackoff,
    private readonly onClose: (subscription: EsdbSubscription) => void,
  ) {
    decodePosition(from);
  }

  get state(): SubscriptionState {
    return this.current;
  }

  async close(): Promise<void> {
    if (this.current === 'closed') return;
    this.current = 'closed';
    this.cancelPause?.();
    const call = this.call;
    this.call = undefined;
    if (call) {
      await call.unsubscribe().catch(() => undefined);
      // Ends a `for await` that waits on the call.
      call.destroy();
    }
    this.onClose(this);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    if (this.iterated) throw new Error('a subscription is iterated once');
    this.iterated = true;
    try {
      yield* this.run();
    } finally {
      await this.close();
    }
  }

  private get closed(): boolean {
    return this.current === 'closed';
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    let cursor = this.from;
    let failures = 0;
    while (!this.closed) {
      const call = this.open(cursor);
      let failure: unknown;
      try {
        for await (const resolved of call) {
          if (this.closed) return;
          const event = toRecordedEvent(resolved);
          if (!event) continue;
          if (failures > 0) {
            this.logger.log(`resubscribed after ${failures} failures`);
            failures = 0;
          }
          cursor = event.position;
          if (this.plan.accepts(event)) yield this.upcasters.upcast(event);
        }
      } catch (error) {
        failure = error;
      } finally {
        if (this.call === call) this.call = undefined;
        if (!call.destroyed) {
          await call.unsubscribe().catch(() => undefined);
          call.destroy();
        }
      }
      if (this.closed) return;
      failures += 1;
      this.current = 'reconnecting';
      this.logger.warn(
        `subscription dropped (attempt ${failures}): ${failure instanceof Error ? failure.message : 'the server ended it'}`,
      );
      await this.pause(failures);
    }
  }

  private open(after: Position): AllStreamSubscription {
    const from = decodePosition(after);
    const call = this.client.subscribeToAll({
      fromPosition: from === 'start' ? ESDB_START : from,
      filter: this.plan.server,
    });
    if (this.current !== 'closed') this.current = 'catching_up';
    call.on('caughtUp', () => {
      if (this.call === call) this.current = 'live';
    });
    call.on('fellBehind', () => {
      if (this.call === call) this.current = 'catching_up';
    });
    this.call = call;
    return call;
  }

  private async pause(failures: number): Promise<void> {
    const { initialMs = 50, maxMs = 5_000 } = this.backoff;
    const ms = Math.min(initialMs * 2 ** (failures - 1), maxMs);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms * (0.5 + Math.random() / 2));
      this.cancelPause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.cancelPause = undefined;
  }
}
