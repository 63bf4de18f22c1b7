/**
 * A rebuild keeps its progress in `projection_checkpoints` under a name of
 * its own, so the live runner's row stays the live runner's.
 */
export function rebuildCheckpointName(projection: string): string {
  return `rebuild:${projection}`;
}

export function isRebuildCheckpoint(name: string): boolean {
  return name.startsWith('rebuild:');
}
