import { ValidationError } from '@app/errors';

/**
 * Opaque cursors for keyset paging: the sort key of the last row of a page,
 * as base64url JSON. Callers treat them as strings.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks for the parts of a sort key, so a forged cursor is a 400. */
export const cursorPart = {
  uuid: (value: unknown) => typeof value === 'string' && UUID.test(value),
  timestamp: (value: unknown) =>
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) &&
    !Number.isNaN(Date.parse(value)),
};

/**
 * @param parts one check per part of the sort key, in order.
 * @throws ValidationError naming the `cursor` field when malformed.
 */
export function decodeCursor<T extends readonly (string | number)[]>(
  cursor: string,
  arity: T['length'],
  parts: readonly ((value: unknown) => boolean)[] = [],
): T {
  try {
    const key: unknown = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((part) => ['string', 'number'].includes(typeof part)) &&
      parts.every((accepts, i) => accepts(key[i]))
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

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only signals
 * that another page exists; `keyOf` gives the last row's sort key.
 */
export function toPage<Row, Item = Row>(
  rows: readonly Row[],
  limit: number,
  keyOf: (row: Row) => readonly (string | number)[],
  view: (row: Row) => Item = (row) => row as unknown as Item,
): Page<Item> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(view),
    nextCursor:
      rows.length > limit && last !== undefined
        ? encodeCursor(keyOf(last))
        : null,
  };
}
