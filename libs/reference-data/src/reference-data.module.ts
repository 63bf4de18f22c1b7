import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { SecretsModule } from '@app/secrets';

import { BackupSetEntity } from './backup-sets/backup-set.entity';
import { BackupSets } from './backup-sets/backup-sets';
import { PolicyInventoryEntity } from './policies/policy-inventory.entity';
import { PolicyInventory } from './policies/policy-inventory';
import { SelectionChecks } from './selection/selection-check';
import { TenantEntity } from './tenants/tenant.entity';
import { Tenants } from './tenants/tenants';

/**
 * Tenants, backup sets and the policy inventory, for any process. Has no
 * routes; the API adds them with {@link ReferenceDataApiModule}.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      TenantEntity,
      BackupSetEntity,
      PolicyInventoryEntity,
    ]),
    SecretsModule,
  ],
  providers: [Tenants, BackupSets, PolicyInventory, SelectionChecks],
  exports: [Tenants, BackupSets, PolicyInventory, SelectionChecks],
})
export class ReferenceDataModule {}
