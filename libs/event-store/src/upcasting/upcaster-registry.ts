import { RecordedEvent } from '../event-store.port';

/** Turns the data of one schema version into the next version's data. */
export type Upcast = (data: unknown, event: RecordedEvent) => unknown;

export interface Upcaster {
  readonly eventType: string;
  /** The version this upcaster reads; it produces `fromVersion + 1`. */
  readonly fromVersion: number;
  readonly upcast: Upcast;
}

/**
 * Upcasters by event type and version. Stored events keep the version they
 * were written with; readers get the newest version the chain reaches.
 */
export class UpcasterRegistry {
  private readonly byType = new Map<string, Map<number, Upcast>>();

  /** @throws Error when that type and version already has an upcaster. */
  register(upcaster: Upcaster): this {
    const versions = this.byType.get(upcaster.eventType) ?? new Map();
    if (versions.has(upcaster.fromVersion)) {
      throw new Error(
        `an upcaster for ${upcaster.eventType} v${upcaster.fromVersion} is already registered`,
      );
    }
    versions.set(upcaster.fromVersion, upcaster.upcast);
    this.byType.set(upcaster.eventType, versions);
    return this;
  }

  /** The event at the newest version its upcasters reach. */
  upcast(event: RecordedEvent): RecordedEvent {
    const versions = this.byType.get(event.type);
    if (!versions) return event;
    let current = event;
    for (;;) {
      const upcast = versions.get(current.metadata.schemaVersion);
      if (!upcast) return current;
      current = {
        ...current,
        data: upcast(current.data, current),
        metadata: {
          ...current.metadata,
          schemaVersion: current.metadata.schemaVersion + 1,
        },
      };
    }
  }
}

/**
 * The process-wide registry every adapter applies where it turns stored
 * records into events. Event modules register their upcasters here when
 * they load.
 */
export const eventUpcasters = new UpcasterRegistry();

/** The entry point for adapters: `event` as its current version. */
export function upcastEvent(
  event: RecordedEvent,
  registry: UpcasterRegistry = eventUpcasters,
): RecordedEvent {
  return registry.upcast(event);
}
