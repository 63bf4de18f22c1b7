import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppConfig } from '@app/config';

import { dataSourceOptions } from './data-source-options';
import { DatabaseUrl } from './database-url';

@Global()
@Module({
  providers: [DatabaseUrl],
  exports: [DatabaseUrl],
})
class DatabaseUrlModule {}

/**
 * The TypeORM data source for read models and the PostgreSQL event store.
 * Entities register through `TypeOrmModule.forFeature`; migrations run on
 * start when `DATABASE_MIGRATE` is on (the local default).
 */
@Module({
  imports: [
    DatabaseUrlModule,
    TypeOrmModule.forRootAsync({
      inject: [AppConfig, DatabaseUrl],
      useFactory: async (config: AppConfig, url: DatabaseUrl) => ({
        ...dataSourceOptions(await url.resolve()),
        autoLoadEntities: true,
        migrationsRun: config.migrateOnStart,
        logging: ['error', 'migration'],
      }),
    }),
  ],
  exports: [DatabaseUrlModule],
})
export class DatabaseModule {}
