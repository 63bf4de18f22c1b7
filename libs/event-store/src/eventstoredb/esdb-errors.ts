import { WrongExpectedVersionError } from '@eventstore/db-client';

import { ConcurrencyError } from '@app/errors';

import { actualRevisionText } from '../revision-text';

/** The port's conflict for the client's `WrongExpectedVersionError`. */
export function conflictOr(
  error: unknown,
  streamName: string,
  expected: string,
): unknown {
  if (!(error instanceof WrongExpectedVersionError)) return error;
  const actual = error.actualVersion;
  return new ConcurrencyError(
    streamName,
    expected,
    typeof actual === 'bigint' ? actualRevisionText(actual) : 'no_stream',
    { cause: error },
  );
}
