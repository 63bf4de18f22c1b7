import { DataSource, EntityManager } from 'typeorm';

/** The lock a running projection holds (see `ProjectionRunner`). */
export function runnerLockKey(projection: string): string {
  return `projection:${projection}`;
}

/** The lock a rebuild of a projection holds, in whichever process. */
export function rebuildLockKey(projection: string): string {
  return `projection-rebuild:${projection}`;
}

/**
 * Which of these session advisory locks some connection of this database
 * holds (advisory locks are per database). Locks are
 * taken on `hashtextextended(key, 0)`; PostgreSQL shows a bigint key as
 * its high and low 32 bits.
 */
export async function heldAdvisoryLocks(
  db: DataSource | EntityManager,
  keys: readonly string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.query<{ key: string }[]>(
    `SELECT k.key FROM unnest($1::text[]) AS k(key)
      WHERE EXISTS (
        SELECT 1 FROM pg_locks l
         WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted
           AND l.database = (SELECT oid FROM pg_database
                              WHERE datname = current_database())
           AND ((l.classid::bigint << 32) | l.objid::bigint)
               = hashtextextended(k.key, 0))`,
    [keys],
  );
  return new Set(rows.map((row) => row.key));
}
