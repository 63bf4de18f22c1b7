import type { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A named statement on the data source's own pg pool: PostgreSQL parses
 * and plans it once per connection rather than on every call, and the
 * call skips TypeORM's query runner. Worth it for queries that every
 * request or event runs; the name must be unique in the process.
 */
export class PreparedStatement<Row extends QueryResultRow> {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  async rows(
    dataSource: DataSource,
    values: readonly unknown[],
  ): Promise<Row[]> {
    const pool = (dataSource.driver as PostgresDriver).master as Pool;
    const { rows } = await pool.query<Row>({
      name: this.name,
      text: this.text,
      values: [...values],
    });
    return rows;
  }
}
