const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Guards queries: PostgreSQL rejects a malformed uuid with an error. */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);
