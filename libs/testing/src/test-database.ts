import { randomBytes } from 'node:crypto';

import { Client } from 'pg';

/** The server tests use; CI and the README start it on 127.0.0.1:5432. */
export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** Migrated once per test run by the global setup, then cloned per file. */
function templateDatabase(): string {
  const name = process.env.TEST_TEMPLATE_DATABASE;
  if (!name)
    throw new Error('TEST_TEMPLATE_DATABASE is set by the global setup');
  return name;
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export function databaseUrl(name: string): string {
  return `${TEST_SERVER_URL}/${name}`;
}

/** Runs `fn` with a client on the server's maintenance database. */
export async function withServerClient<T>(
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database of its own for one test file: a copy of the
 * template the global setup migrated. Drop it in `afterAll`.
 */
export async function createTestDatabase(
  label = 'test',
): Promise<TestDatabase> {
  const name = `bulkops_${label.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await withServerClient((client) =>
    client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`),
  );
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withServerClient((client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      ).then(() => undefined),
  };
}
