import { DataSourceOptions } from 'typeorm';

import { MIGRATIONS } from './migrations';

/** Pool size per process; projections, saga and requests share it. */
const POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 20);

/** Options shared by the Nest module, the CLI and the tests. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    extra: { max: POOL_SIZE, application_name: 'bulkops' },
  };
}
