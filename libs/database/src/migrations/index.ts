import { MigrationInterface } from 'typeorm';

import { EventStore1764770000000 } from './1764770000000-event-store';
import { ProjectionCheckpoints1764770100000 } from './1764770100000-projection-checkpoints';
import { BulkOperationRuns1764770200000 } from './1764770200000-bulk-operation-runs';
import { ReferenceData1764770300000 } from './1764770300000-reference-data';
import { PolicySnapshots1764770450000 } from './1764770450000-policy-snapshots';
import { RunReadSide1764770650000 } from './1764770650000-run-read-side';
import { WindowsAppProtection1764770700000 } from './1764770700000-windows-app-protection';
import { AppendNotifiesAfterCommit1764770800000 } from './1764770800000-append-notifies-after-commit';

/**
 * Every migration, in order. Generated with `npm run migration:generate`
 * or written by hand; listed here so bundling never depends on globs.
 */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  EventStore1764770000000,
  ProjectionCheckpoints1764770100000,
  BulkOperationRuns1764770200000,
  ReferenceData1764770300000,
  PolicySnapshots1764770450000,
  RunReadSide1764770650000,
  WindowsAppProtection1764770700000,
  AppendNotifiesAfterCommit1764770800000,
];
