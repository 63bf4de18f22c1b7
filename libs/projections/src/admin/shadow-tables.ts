import { EntityManager } from 'typeorm';

import { quoted } from '@app/database';

/** The schema a projection's tables are rebuilt in, beside `public`. */
export function shadowSchemaName(projection: string): string {
  return `rebuild_${projection.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

/**
 * Empty copies of `tables` in `schema`: same columns, defaults, checks and
 * indexes. The foreign keys between them come later, with
 * `addShadowForeignKeys`: checking a bulk load once is much cheaper than
 * checking it row by row.
 * @throws Error when a table outside the set references one of them: the
 *   swap could not drop it.
 */
export async function createShadowTables(
  tx: EntityManager,
  schema: string,
  tables: readonly string[],
): Promise<void> {
  const inbound = await tx.query<{ name: string }[]>(
    `SELECT conname AS name FROM pg_constraint
      WHERE contype = 'f'
        AND confrelid = ANY (SELECT ('public.' || t)::regclass
                               FROM unnest($1::text[]) t)
        AND conrelid <> ALL (SELECT ('public.' || t)::regclass
                               FROM unnest($1::text[]) t)`,
    [tables],
  );
  if (inbound.length > 0) {
    throw new Error(
      `foreign keys from other tables (${inbound.map((r) => r.name).join(', ')}) prevent a rebuild`,
    );
  }
  await tx.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`);
  await tx.query(`CREATE SCHEMA ${quoted(schema)}`);
  for (const table of tables) {
    await tx.query(
      `CREATE TABLE ${quoted(schema)}.${quoted(table)}
         (LIKE public.${quoted(table)} INCLUDING ALL)`,
    );
  }
}

/**
 * Gives the copies the foreign keys between the live tables, pointing at
 * the copies, and checks the rows they hold.
 */
export async function addShadowForeignKeys(
  tx: EntityManager,
  schema: string,
  tables: readonly string[],
): Promise<void> {
  const foreignKeys = await tx.query<
    { tbl: string; name: string; def: string }[]
  >(
    `SELECT c.conrelid::regclass::text AS tbl, c.conname AS name,
            pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c
      WHERE c.contype = 'f'
        AND c.conrelid = ANY (SELECT ('public.' || t)::regclass
                                FROM unnest($1::text[]) t)`,
    [tables],
  );
  // The definitions name tables unqualified: resolve them to the copies.
  await tx.query(`SET LOCAL search_path TO ${quoted(schema)}, public`);
  for (const fk of foreignKeys) {
    await tx.query(
      `ALTER TABLE ${quoted(schema)}.${quoted(fk.tbl)}
         ADD CONSTRAINT ${quoted(fk.name)} ${fk.def}`,
    );
  }
  await tx.query('SET LOCAL search_path TO public');
}

/** Later statements of the transaction write the copies. */
export async function useShadowTables(
  tx: EntityManager,
  schema: string,
): Promise<void> {
  await tx.query(`SET LOCAL search_path TO ${quoted(schema)}, public`);
}

interface IndexRow {
  tbl: string;
  name: string;
  def: string;
}

/** Index definitions without their own and their table's names. */
async function indexesOf(
  tx: EntityManager,
  schema: string,
  tables: readonly string[],
): Promise<IndexRow[]> {
  const rows = await tx.query<IndexRow[]>(
    `SELECT c.relname AS tbl, i.relname AS name,
            regexp_replace(pg_get_indexdef(x.indexrelid),
                           '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ', '\\1')
              AS def
       FROM pg_index x
       JOIN pg_class c ON c.oid = x.indrelid
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY ($2::text[])
      ORDER BY c.relname, i.relname`,
    [schema, tables],
  );
  return rows;
}

/**
 * Replaces the live tables by the copies in the caller's transaction, which
 * must hold ACCESS EXCLUSIVE locks on the live tables. Indexes and the
 * constraints they back get the live names back, so later migrations find
 * what they expect.
 */
export async function swapInShadowTables(
  tx: EntityManager,
  schema: string,
  tables: readonly string[],
): Promise<void> {
  await tx.query('SET LOCAL search_path TO public');
  const live = await indexesOf(tx, 'public', tables);
  await tx.query(`DROP TABLE ${tables.map((t) => quoted(t)).join(', ')}`);
  for (const table of tables) {
    await tx.query(
      `ALTER TABLE ${quoted(schema)}.${quoted(table)} SET SCHEMA public`,
    );
  }
  const copies = await indexesOf(tx, 'public', tables);
  const renames: { from: string; to: string }[] = [];
  for (const copy of copies) {
    const match = live.findIndex(
      (index) => index.tbl === copy.tbl && index.def === copy.def,
    );
    if (match < 0) continue;
    const [original] = live.splice(match, 1);
    if (original.name !== copy.name) {
      renames.push({ from: copy.name, to: original.name });
    }
  }
  // Through temporary names, so no rename meets a name not yet freed.
  for (const [i, rename] of renames.entries()) {
    await tx.query(
      `ALTER INDEX public.${quoted(rename.from)} RENAME TO ${quoted(`rebuild_swap_${i}`)}`,
    );
  }
  for (const [i, rename] of renames.entries()) {
    await tx.query(
      `ALTER INDEX public.${quoted(`rebuild_swap_${i}`)} RENAME TO ${quoted(rename.to)}`,
    );
  }
  await tx.query(`DROP SCHEMA ${quoted(schema)}`);
}

export interface TableDifference {
  readonly table: string;
  /** Rows only the live table has (as JSON), up to the sample limit. */
  readonly onlyLive: unknown[];
  /** Rows only the rebuilt copy has. */
  readonly onlyRebuilt: unknown[];
}

/** Row-for-row differences between the live tables and the copies. */
export async function compareWithLive(
  tx: EntityManager,
  schema: string,
  tables: readonly string[],
  sampleLimit = 20,
): Promise<TableDifference[]> {
  const differences: TableDifference[] = [];
  for (const table of tables) {
    const live = `public.${quoted(table)}`;
    const copy = `${quoted(schema)}.${quoted(table)}`;
    const diff = async (a: string, b: string) =>
      (
        await tx.query<{ row: unknown }[]>(
          `SELECT to_jsonb(d) AS row
             FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b}) d
            LIMIT ${sampleLimit}`,
        )
      ).map((r) => r.row);
    const onlyLive = await diff(live, copy);
    const onlyRebuilt = await diff(copy, live);
    if (onlyLive.length > 0 || onlyRebuilt.length > 0) {
      differences.push({ table, onlyLive, onlyRebuilt });
    }
  }
  return differences;
}

/** Removes the copies, whatever state a rebuild left them in. */
export async function dropShadowTables(
  tx: EntityManager,
  schema: string,
): Promise<void> {
  await tx.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`);
}
