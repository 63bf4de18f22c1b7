import { Module } from '@nestjs/common';

import { RunEventsController } from './run-events.controller';
import { RunHistory } from './run-history';
import { RunStreamLookup } from './run-stream-lookup';
import { TenantExport } from './tenant-export';

/**
 * Auditors' access to the event log: a run's events over HTTP, and the
 * services the CLI's history, replay and export use. Needs
 * `EventStoreModule` and the database.
 */
@Module({
  controllers: [RunEventsController],
  providers: [RunStreamLookup, RunHistory, TenantExport],
  exports: [RunHistory, TenantExport],
})
export class AuditModule {}
