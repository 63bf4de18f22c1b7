import { Module } from '@nestjs/common';

import { AppConfigModule } from '@app/config';
import { TokenIssuerModule } from '@app/identity';

import { ExportCommand } from './audit/export.command';
import { HistoryCommand } from './audit/history.command';
import { ReplayCommand } from './audit/replay.command';
import { CliOutput } from './cli-output';
import { DemoSeedCommand } from './demo-seed/demo-seed.command';
import { MigrationGenerateCommand } from './migrations/migration-generate.command';
import { MigrationRunCommand } from './migrations/migration-run.command';
import { ProjectionsRebuildCommand } from './projections/projections-rebuild.command';
import { ProjectionsStatusCommand } from './projections/projections-status.command';
import { ProjectionsVerifyCommand } from './projections/projections-verify.command';
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
    HistoryCommand,
    ReplayCommand,
    ExportCommand,
    ProjectionsStatusCommand,
    ProjectionsRebuildCommand,
    ProjectionsVerifyCommand,
  ],
})
export class CliModule {}
