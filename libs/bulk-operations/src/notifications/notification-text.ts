import { TerminalStatus } from '../run-events';

export interface NotificationFacts {
  readonly status: TerminalStatus;
  readonly total: number;
  readonly succeeded: number | null;
  readonly failed: number | null;
  readonly reasonCode: string | null;
  /** Null when the backup set is no longer known. */
  readonly backupSetName: string | null;
}

/**
 * The one-line message of a run's notification. Built from counts, codes
 * and the set's name only: never from error messages or policy content.
 */
export function notificationText(facts: NotificationFacts): string {
  const set = facts.backupSetName
    ? `"${facts.backupSetName}"`
    : 'the backup set';
  const policies = (n: number) => `${n} ${n === 1 ? 'policy' : 'policies'}`;
  switch (facts.status) {
    case 'completed':
      return `Added ${policies(facts.total)} to ${set}.`;
    case 'completed_with_errors':
      return `Added ${facts.succeeded ?? 0} of ${policies(facts.total)} to ${set}; ${facts.failed ?? 0} failed.`;
    case 'failed':
      return `Could not add ${policies(facts.total)} to ${set} (${facts.reasonCode ?? 'unknown'}).`;
  }
}
