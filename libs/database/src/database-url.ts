import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { AppConfig } from '@app/config';

import {
  EmbeddedPostgresHandle,
  startEmbeddedPostgres,
} from './embedded-postgres';

const EMBEDDED_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);

/**
 * Where PostgreSQL is: `DATABASE_URL`, or an embedded server started on
 * first use when that is unset (the local default).
 */
@Injectable()
export class DatabaseUrl implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseUrl.name);
  private embedded?: Promise<EmbeddedPostgresHandle>;

  constructor(private readonly config: AppConfig) {}

  async resolve(): Promise<string> {
    if (this.config.databaseUrl) return this.config.databaseUrl;
    this.embedded ??= startEmbeddedPostgres(
      this.config.embeddedPostgresDir,
      EMBEDDED_PORT,
    );
    return (await this.embedded).url;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    await (await this.embedded).stop();
    this.logger.log('embedded PostgreSQL stopped');
  }
}
