import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { AppConfigModule } from '@app/config';
import { DatabaseModule, DatabaseUrl } from '@app/database';
import { createTestDatabase, TestDatabase } from '@app/testing';

import { EventStoreHealthIndicator } from './event-store.health';
import { EventStoreModule } from './event-store.module';
import { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { newEvents, runId } from './testing/contract-helpers';

/** Where the database is, without TypeORM connecting to it. */
@Global()
@Module({ providers: [DatabaseUrl], exports: [DatabaseUrl] })
class DatabaseUrlOnly {}

describe('EventStoreModule', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('event_store_module');
  });

  afterAll(() => db?.drop());

  const compile = (env: Record<string, string>) =>
    Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot({
          DATABASE_URL: db.url,
          DATABASE_MIGRATE: 'false',
          LOG_LEVEL: 'silent',
          ...env,
        }),
        DatabaseModule,
        EventStoreModule,
      ],
    }).compile();

  it('provides the PostgreSQL adapter without EVENTSTORE_URL, ready and closed on shutdown', async () => {
    const app = await compile({});
    const store = app.get(EventStore);
    const health = app.get(EventStoreHealthIndicator);

    expect(store).toBeInstanceOf(PostgresEventStore);
    await store.append(`module-${runId()}`, newEvents(1), {
      expectedRevision: 'no_stream',
    });
    expect(await health.isHealthy()).toEqual({ eventStore: { status: 'up' } });
    await app.close();

    await expect(store.headPosition()).rejects.toThrow();
  });

  it('refuses to start with EVENTSTORE_URL until the EventStoreDB adapter exists', async () => {
    const starting = Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot({
          DATABASE_URL: db.url,
          EVENTSTORE_URL: 'esdb://127.0.0.1:2113?tls=false',
        }),
        DatabaseUrlOnly,
        EventStoreModule,
      ],
    }).compile();

    await expect(starting).rejects.toThrow(
      /EventStoreDB adapter is not available yet/,
    );
  });
});
