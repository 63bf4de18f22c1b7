import { Module } from '@nestjs/common';

import { BackupSetsController } from './backup-sets/backup-sets.controller';
import { PoliciesController } from './policies/policies.controller';
import { ReferenceDataModule } from './reference-data.module';

/** The reference data routes; needs the identity guard installed. */
@Module({
  imports: [ReferenceDataModule],
  controllers: [PoliciesController, BackupSetsController],
})
export class ReferenceDataApiModule {}
