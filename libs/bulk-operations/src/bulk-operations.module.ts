import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

import { ReferenceDataModule } from '@app/reference-data';

import { AddPoliciesController } from './add-policies/add-policies.controller';
import { AddPoliciesHandler } from './add-policies/add-policies.handler';
import { InventorySelectionReferences } from './add-policies/inventory-selection-references';
import { SelectionReferences } from './add-policies/selection-references';
import { RunsController } from './run-read-model/runs.controller';
import { RunsProjection } from './run-read-model/runs.projection';
import { RunsQuery } from './run-read-model/runs.query';

/**
 * The bulk operation slice: the add-policies command and the run read
 * model with its queries.
 */
@Module({
  imports: [CqrsModule, ReferenceDataModule],
  controllers: [AddPoliciesController, RunsController],
  providers: [
    AddPoliciesHandler,
    RunsProjection,
    RunsQuery,
    { provide: SelectionReferences, useClass: InventorySelectionReferences },
  ],
  exports: [RunsQuery],
})
export class BulkOperationsModule {}
