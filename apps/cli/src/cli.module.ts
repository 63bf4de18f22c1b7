import { Module } from '@nestjs/common';

import { AppConfigModule } from '@app/config';
import { TokenIssuerModule } from '@app/identity';

import { CliOutput } from './cli-output';
import { DemoSeedCommand } from './demo-seed/demo-seed.command';
import { MigrationGenerateCommand } from './migrations/migration-generate.command';
import { MigrationRunCommand } from './migrations/migration-run.command';
import { TokenCommand } from './token/token.command';

/**
 * The support CLI. Commands that need PostgreSQL build their own context
 * (see `inCommandContext`), so `token` and `--help` never connect to, or
 * start, a database.
 */
@Module({
  imports: [AppConfigModule.forRoot(), TokenIssuerModule],
  providers: [
    CliOutput,
    TokenCommand,
    DemoSeedCommand,
    MigrationRunCommand,
    MigrationGenerateCommand,
  ],
})
export class CliModule {}
