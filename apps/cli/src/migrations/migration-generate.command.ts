import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { Logger } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';

import { AppConfig } from '@app/config';

import { CliOutput } from '../cli-output';
import { CliUsageError } from '../cli-usage.error';
import { inCommandContext } from '../command-context';
import { MigrationGenerateModule } from './migration-generate.module';
import { kebabCase, migrationSource, pascalCase } from './migration-source';

const MIGRATIONS_DIR = 'libs/database/src/migrations';

/**
 * Writes a migration with the difference between the entities and the
 * migrated database, and prints its path. Review it, then list the class
 * in the migrations index.
 */
@Command({
  name: 'migration:generate',
  arguments: '<name>',
  description: 'write a migration from the entity/schema difference',
})
export class MigrationGenerateCommand extends CommandRunner {
  private readonly logger = new Logger(MigrationGenerateCommand.name);

  constructor(
    private readonly config: AppConfig,
    private readonly output: CliOutput,
  ) {
    super();
  }

  async run([name]: string[], options: { dir?: string }): Promise<void> {
    const className = pascalCase(name ?? '');
    if (!/^[A-Z]/.test(className)) {
      throw new CliUsageError('the migration name must start with a letter');
    }
    const sql = await inCommandContext(
      this.config,
      MigrationGenerateModule,
      (get) => get(DataSource).driver.createSchemaBuilder().log(),
    );
    if (sql.upQueries.length === 0) {
      this.logger.warn('the entities match the database: nothing to write');
      return;
    }

    const timestamp = Date.now();
    const path = join(
      resolve(options.dir ?? MIGRATIONS_DIR),
      `${timestamp}-${kebabCase(name)}.ts`,
    );
    await writeFile(
      path,
      migrationSource(
        `${className}${timestamp}`,
        sql.upQueries.map((query) => query.query),
        sql.downQueries.map((query) => query.query).reverse(),
      ),
      { flag: 'wx' },
    );
    this.logger.warn(`add ${className}${timestamp} to the migrations index`);
    this.output.line(path);
  }

  @Option({ flags: '--dir <path>', description: `default ${MIGRATIONS_DIR}` })
  parseDir(value: string): string {
    return value;
  }
}
