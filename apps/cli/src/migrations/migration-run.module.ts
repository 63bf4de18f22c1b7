import { Module } from '@nestjs/common';

import { DatabaseUrl } from '@app/database';

import { MigrationRunner } from './migration-runner';

/** Without DatabaseModule on purpose: that one migrates on start. */
@Module({
  providers: [DatabaseUrl, MigrationRunner],
})
export class MigrationRunModule {}
