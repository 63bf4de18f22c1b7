import { DataSource } from 'typeorm';

// Global setup runs outside Jest's module mapper: relative imports only.
import { dataSourceOptions } from '../../database/src/data-source-options';

import {
  databaseUrl,
  TEMPLATE_DATABASE,
  withServerClient,
} from './test-database';

/**
 * Jest global setup: (re)creates the template database and runs every
 * migration in it once; each test file then clones it.
 */
export default async function globalSetup(): Promise<void> {
  await withServerClient(async (client) => {
    await client.query(
      `DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`,
    );
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`);
  });
  const dataSource = new DataSource(
    dataSourceOptions(databaseUrl(TEMPLATE_DATABASE)),
  );
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
