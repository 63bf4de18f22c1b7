import { decodeCursor } from '@app/http';
import { ValidationError } from '@app/errors';

import { isUuid } from '../uuid';

/** Reads a `(text, uuid)` sort key cursor; rejects anything else. */
export function decodeNameIdCursor(cursor: string): [string, string] {
  const [name, id] = decodeCursor<[string, string]>(cursor, 2);
  if (typeof name !== 'string' || typeof id !== 'string' || !isUuid(id)) {
    throw new ValidationError('The cursor is not valid.', [
      {
        field: 'cursor',
        message: 'cursor must be a value returned by this API',
      },
    ]);
  }
  return [name, id];
}

/** Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
