/** Category prefix of bulk operation streams (category subscriptions). */
export const BULK_OPERATION_CATEGORY = 'bulkOperation-';

/** The one place stream names are made. */
export function bulkOperationStreamName(idempotencyKey: string): string {
  return `${BULK_OPERATION_CATEGORY}${idempotencyKey}`;
}
