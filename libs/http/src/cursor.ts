import { ValidationError } from '@app/errors';

/**
 * Opaque cursors for keyset paging: the sort key of the last row of a page,
 * as base64url JSON. Callers treat them as strings.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** @throws ValidationError naming the `cursor` field when malformed. */
export function decodeCursor<T extends readonly (string | number)[]>(
  cursor: string,
  arity: T['length'],
): T {
  try {
    const key: unknown = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((part) => ['string', 'number'].includes(typeof part))
    ) {
      return key as unknown as T;
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('The cursor is not valid.', [
    { field: 'cursor', message: 'cursor must be a value returned by this API' },
  ]);
}

/** A page of results and the cursor of the next page, if any. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}
