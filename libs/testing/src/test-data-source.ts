import { DataSource } from 'typeorm';

import { dataSourceOptions } from '@app/database';

import { createTestDatabase, TestDatabase } from './test-database';

export interface TestDataSource {
  /** The data source; open from the file's first `beforeAll` on. */
  readonly db: DataSource;
}

/**
 * A database of this test file's own, cloned from the migrated template,
 * and a TypeORM data source on it: opened in `beforeAll`, closed and
 * dropped in `afterAll`. Call it in the `describe` body.
 */
export function useTestDataSource(label: string): TestDataSource {
  let database: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(label);
    dataSource = await new DataSource(
      dataSourceOptions(database.url),
    ).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  return {
    get db(): DataSource {
      if (!dataSource)
        throw new Error(`${label}: no data source before beforeAll`);
      return dataSource;
    },
  };
}
