import { Module } from '@nestjs/common';

import { AuditModule } from '@app/audit';
import { DatabaseModule } from '@app/database';
import { EventStoreModule } from '@app/event-store';

/** The context `history`, `replay` and `export` run in. */
@Module({
  imports: [DatabaseModule, EventStoreModule, AuditModule],
})
export class AuditCliModule {}
