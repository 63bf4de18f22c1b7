import { ExpectedRevision } from './event-store.port';

/**
 * How a {@link ConcurrencyError} renders revisions, the same in every
 * adapter: the expected kind (`no_stream`, `stream_exists`, `any`) or a
 * decimal revision; an actual of a missing stream is `no_stream`.
 */
export function expectedRevisionText(expected: ExpectedRevision): string {
  return typeof expected === 'bigint' ? expected.toString() : expected;
}

/** `no_stream` for -1 (a missing stream), otherwise the revision. */
export function actualRevisionText(actual: bigint): string {
  return actual < 0n ? 'no_stream' : actual.toString();
}
