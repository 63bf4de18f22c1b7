import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

import { DataSource } from 'typeorm';

// Global setup runs outside Jest's module mapper: relative imports only.
import { dataSourceOptions } from '../../database/src/data-source-options';
import { databaseUrl, withServerClient } from './test-database';

/**
 * Jest global setup: compiles the apps to `dist/` for the tests that run
 * them as real processes, and creates a template database for this run,
 * migrated once; each test file then clones it. The name is per run, so
 * parallel Jest runs on one server never fight over it; test workers
 * inherit it through the environment.
 *
 * The build happens here, before any test file starts, and nowhere else
 * in a run: it empties `dist/` first, so a build in one file while another
 * file starts a process from `dist/` (or copies it) broke that process.
 */
export default async function globalSetup(): Promise<void> {
  execFileSync('node', ['scripts/build.mjs'], {
    cwd: resolve(__dirname, '../../..'),
    stdio: 'inherit',
  });

  const template =
    process.env.TEST_TEMPLATE_DATABASE ??
    `bulkops_template_${randomBytes(4).toString('hex')}`;
  process.env.TEST_TEMPLATE_DATABASE = template;

  await withServerClient(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${template}"`);
  });
  const dataSource = new DataSource(dataSourceOptions(databaseUrl(template)));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
