import { Module } from '@nestjs/common';

import { DatabaseModule } from '@app/database';
import { ReferenceDataModule } from '@app/reference-data';

/**
 * Every module that registers TypeORM entities, so the schema builder sees
 * them all. Add a module here when it adds entities.
 */
@Module({
  imports: [DatabaseModule, ReferenceDataModule],
})
export class MigrationGenerateModule {}
