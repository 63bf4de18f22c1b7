const CANONICAL =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// The spellings PostgreSQL's uuid input accepts: any case, optional
// braces, an optional hyphen after any group of four digits.
const UUID_INPUT = /^[0-9a-f]{4}(?:-?[0-9a-f]{4}){7}$/;

/**
 * The uuid as PostgreSQL prints it, so rows folded in memory are keyed
 * the way the database matches them.
 * @throws Error where the database's cast to uuid would fail.
 */
export function uuidKey(value: string): string {
  if (CANONICAL.test(value)) return value;
  const lower = String(value).toLowerCase();
  const bare =
    lower.startsWith('{') && lower.endsWith('}') ? lower.slice(1, -1) : lower;
  if (!UUID_INPUT.test(bare)) {
    throw new Error(`invalid input syntax for type uuid: "${value}"`);
  }
  const hex = bare.replace(/-/g, '');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}
