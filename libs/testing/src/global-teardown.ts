import { withServerClient } from './test-database';

/** Drops this run's template database. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!template?.startsWith('bulkops_template_')) return;
  await withServerClient((client) =>
    client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`),
  );
}
