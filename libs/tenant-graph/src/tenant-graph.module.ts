import { Global, Module } from '@nestjs/common';

import { GraphModule } from '@app/graph';
import { ReferenceDataModule } from '@app/reference-data';

import { TenantGraphCredentials } from './tenant-graph-credentials';

/**
 * The one Graph wiring of a process: the client reads each tenant's
 * credentials from the tenants table. Global, so capture and inventory
 * sync share one client factory, token cache and rate limiter. Needs
 * `AppConfig`, `RedisModule` and `DatabaseModule`.
 */
@Global()
@Module({
  imports: [
    GraphModule.forRoot({
      credentialsSource: TenantGraphCredentials,
      imports: [ReferenceDataModule],
    }),
  ],
  exports: [GraphModule],
})
export class TenantGraphModule {}
