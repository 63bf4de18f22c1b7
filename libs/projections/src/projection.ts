import { DiscoveryService } from '@nestjs/core';
import { EntityManager } from 'typeorm';

import { EventFilter, RecordedEvent } from '@app/event-store';

/**
 * A read model kept from the event log. `apply` runs inside the
 * transaction that also advances the projection's checkpoint, so an event's
 * effect commits exactly once.
 */
export interface Projection {
  /** Stable name: the checkpoint's key. */
  readonly name: string;
  readonly filter: EventFilter;
  /**
   * The tables it owns and alone writes, in the `public` schema; empty for
   * reactions with no read model (a saga). A rebuild builds these beside
   * the live ones and swaps them in, so `apply` must name them without a
   * schema and must not touch tables the rebuild does not own.
   */
  readonly tables: readonly string[];
  /** Applies events in log order; may be called with a batch. */
  apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void>;
  /**
   * Optional: the part of applying `events` that needs no database, which
   * a rebuild runs while the batch before is being written. `apply` with
   * the same array must have the same effect whether this ran or not.
   */
  prepare?(events: readonly RecordedEvent[]): void;
}

/** Marks a provider as a projection for the runner to discover. */
export const AsProjection = DiscoveryService.createDecorator<void>();
