import { ValidationError } from '@app/errors';

import { Position, START } from '../event-store.port';

const WIDTH = 20;
const FORMAT = /^\d{20}-\d{20}$/;

/**
 * A position of the PostgreSQL log: the writing transaction's id and the
 * event's global position, each as 20 zero-padded digits, so string order
 * is log order.
 */
export interface PostgresPosition {
  readonly transactionId: string;
  readonly globalPosition: string;
}

export function encodePosition(
  transactionId: string,
  globalPosition: string,
): Position {
  return `${transactionId.padStart(WIDTH, '0')}-${globalPosition.padStart(WIDTH, '0')}` as Position;
}

/** @throws ValidationError for a string this store never produced. */
export function decodePosition(position: Position): PostgresPosition {
  if (position === START) return { transactionId: '0', globalPosition: '0' };
  if (typeof position !== 'string' || !FORMAT.test(position)) {
    throw new ValidationError('invalid position', [
      { field: 'position', message: 'is not a position of this store' },
    ]);
  }
  return {
    transactionId: BigInt(position.slice(0, WIDTH)).toString(),
    globalPosition: BigInt(position.slice(WIDTH + 1)).toString(),
  };
}

/** Before every event of transaction `xmin` and after all earlier ones. */
export function positionBeforeTransaction(xmin: string): Position {
  return encodePosition(xmin, '0');
}
