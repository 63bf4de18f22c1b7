/** The API's resources as the console reads them (see /docs). */
export type RunStatus =
  'pending' | 'running' | 'completed' | 'completed_with_errors' | 'failed';

export const RUN_STATUSES: readonly RunStatus[] = [
  'pending',
  'running',
  'completed',
  'completed_with_errors',
  'failed',
];

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface Policy {
  readonly id: string;
  readonly policyType: string;
  readonly displayName: string;
  readonly lastSeenAt: string;
}

export interface BackupSet {
  readonly id: string;
  readonly name: string;
}

export interface Run {
  readonly id: string;
  readonly tenantId: string;
  readonly resourceId: string;
  readonly status: RunStatus;
  readonly total: number;
  readonly processed: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failureReason: { code: string; message: string } | null;
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

export interface RunItem {
  readonly policyId: string;
  readonly status: string;
  readonly policyType: string | null;
  readonly reasonCode: string | null;
  readonly message: string | null;
  readonly attempts: number;
}

export interface RunProgress {
  readonly status: RunStatus;
  readonly total: number;
  readonly processed: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface AuditEvent {
  readonly id: string;
  readonly type: string;
  readonly revision: number;
  readonly recordedAt: string;
  readonly metadata: Record<string, unknown>;
  readonly data: Record<string, unknown>;
}

export interface Projection {
  readonly name: string;
  readonly state: string;
  readonly position: string;
  readonly eventsApplied: number;
  readonly lagEvents: number | null;
  readonly lagSeconds: number | null;
  readonly error: string | null;
  readonly rebuild: { state: string; eventsApplied: number } | null;
}

export interface Notification {
  readonly id: string;
  readonly tenantId: string;
  readonly runId: string;
  readonly status: string;
  readonly text: string;
  readonly read: boolean;
  readonly createdAt: string;
}

export const TERMINAL: readonly RunStatus[] = [
  'completed',
  'completed_with_errors',
  'failed',
];
