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
  /** Applies events in log order; may be called with a batch. */
  apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void>;
}

/** Marks a provider as a projection for the runner to discover. */
export const AsProjection = DiscoveryService.createDecorator<void>();
