import { ValidationError } from '@app/errors';

import { Position, START } from '../event-store.port';

const WIDTH = 20;
const FORMAT = /^\d{20}-\d{20}$/;
const MAX_UNSIGNED = 2n ** 64n - 1n;

/** A position in EventStoreDB's `$all`, as its client reports it. */
export interface EsdbPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/**
 * Commit then prepare position, each as 20 zero-padded digits (an unsigned
 * 64-bit number has at most 20), so string order is log order.
 */
export function encodePosition({ commit, prepare }: EsdbPosition): Position {
  return `${commit.toString().padStart(WIDTH, '0')}-${prepare.toString().padStart(WIDTH, '0')}` as Position;
}

/**
 * `'start'` for {@link START}.
 * @throws ValidationError for a string this store never produced.
 */
export function decodePosition(position: Position): EsdbPosition | 'start' {
  if (position === START) return 'start';
  if (typeof position !== 'string' || !FORMAT.test(position)) {
    throw new ValidationError('invalid position', [
      { field: 'position', message: 'is not a position of this store' },
    ]);
  }
  const commit = BigInt(position.slice(0, WIDTH));
  const prepare = BigInt(position.slice(WIDTH + 1));
  if (commit > MAX_UNSIGNED || prepare > MAX_UNSIGNED) {
    throw new ValidationError('invalid position', [
      { field: 'position', message: 'is out of range' },
    ]);
  }
  return { commit, prepare };
}
