const DEFAULT_CAPACITY = 10_000;

/**
 * Stream names this process has seen exist, most recent last. Streams are
 * never deleted, so an entry never turns false; forgetting one (beyond the
 * capacity) only costs a conflict and a read on its next command.
 */
export class KnownStreams {
  private readonly names = new Set<string>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  has(streamName: string): boolean {
    return this.names.has(streamName);
  }

  add(streamName: string): void {
    this.names.delete(streamName);
    this.names.add(streamName);
    if (this.names.size > this.capacity) {
      this.names.delete(this.names.values().next().value as string);
    }
  }
}
