import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';

import { ValidationError } from '@app/errors';

/** Deeper than any body this API accepts; far below the stack's limit. */
export const MAX_BODY_DEPTH = 32;

/**
 * Refuses bodies nested deeper than `MAX_BODY_DEPTH` before validation:
 * class-transformer walks them recursively and overflows the stack (a 500)
 * on a few thousand levels. The walk here keeps its own stack.
 */
@Injectable()
export class JsonDepthPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' && depthExceeds(value, MAX_BODY_DEPTH)) {
      throw new ValidationError('The request body is nested too deeply.', [
        { field: 'body', message: `at most ${MAX_BODY_DEPTH} levels` },
      ]);
    }
    return value;
  }
}

function depthExceeds(root: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[root, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return false;
}
