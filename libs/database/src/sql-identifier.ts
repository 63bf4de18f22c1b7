const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * A table, schema or column name for SQL text, double-quoted.
 * @throws Error for a name that is not a plain lower-case identifier.
 */
export function quoted(name: string): string {
  if (!IDENTIFIER.test(name))
    throw new Error(`not a plain identifier: ${name}`);
  return `"${name}"`;
}
