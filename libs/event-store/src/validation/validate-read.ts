import { ValidationError } from '@app/errors';

/** @throws ValidationError unless `value` is a positive safe integer. */
export function validateMaxCount(
  value: number | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError('invalid maxCount', [
      { field: 'maxCount', message: 'must be a positive integer' },
    ]);
  }
  return value;
}

/** @throws ValidationError unless `value` is a bigint >= 0. */
export function validateFromRevision(
  value: bigint | undefined,
): bigint | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'bigint' || value < 0n) {
    throw new ValidationError('invalid fromRevision', [
      { field: 'fromRevision', message: 'must be a bigint >= 0n' },
    ]);
  }
  return value;
}
