import { userInfo } from 'node:os';

import { UUID } from '@app/identity';

import { CliUsageError } from './cli-usage.error';

export function uuidArg(flag: string, value: string | undefined): string {
  if (!value || !UUID.test(value)) {
    throw new CliUsageError(`${flag} must be a UUID`);
  }
  return value.toLowerCase();
}

export function timeArg(flag: string, value: string): Date {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new CliUsageError(`${flag} must be an ISO 8601 time`);
  }
  return time;
}

/** Who runs an admin command, for the log. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}
