import type { TypeSyncOutcome } from '../sync/sync-outcome';

export type SyncState =
  'queued' | 'running' | 'completed' | 'completed_with_errors' | 'failed';

/** What the console shows of one inventory sync request. */
export interface SyncStatus {
  readonly syncId: string;
  readonly tenantId: string;
  readonly status: SyncState;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Per type, once finished. */
  readonly types?: readonly TypeSyncOutcome[];
  /** Sanitised reason when the sync could not run at all. */
  readonly error?: { readonly code: string; readonly message: string };
}

export const isFinished = (status: SyncState) =>
  status !== 'queued' && status !== 'running';
