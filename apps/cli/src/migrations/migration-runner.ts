import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { DatabaseUrl, dataSourceOptions } from '@app/database';

/** Runs pending migrations on a data source of its own. */
@Injectable()
export class MigrationRunner {
  private readonly logger = new Logger(MigrationRunner.name);

  constructor(private readonly url: DatabaseUrl) {}

  /** Names of the migrations applied, in order. */
  async runPending(): Promise<string[]> {
    const dataSource = new DataSource({
      ...dataSourceOptions(await this.url.resolve()),
      logging: ['error'],
    });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      this.logger.log(`${applied.length} migration(s) applied`);
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
  }
}
