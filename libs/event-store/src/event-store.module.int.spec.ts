import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { AppConfigModule } from '@app/config';
import { DatabaseModule, DatabaseUrl } from '@app/database';
import { createTestDatabase, TestDatabase } from '@app/testing';

import { EventStoreHealthIndicator } from './event-store.health';
import { EventStoreModule } from './event-store.module';
import { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { newEvents, runId } from './testing/contract-helpers';
import { EsdbDouble } from './testing/esdb-double';

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

  it('provides the EventStoreDB adapter with EVENTSTORE_URL, ready and closed on shutdown', async () => {
    const double = await EsdbDouble.start();
    try {
      const app = await Test.createTestingModule({
        imports: [
          AppConfigModule.forRoot({
            DATABASE_URL: db.url,
            EVENTSTORE_URL: double.connectionString,
            LOG_LEVEL: 'silent',
          }),
          DatabaseUrlOnly,
          EventStoreModule,
        ],
      }).compile();
      const store = app.get(EventStore);
      const health = app.get(EventStoreHealthIndicator);

      expect(store).toBeInstanceOf(EventStoreDbEventStore);
      await store.append(`module-${runId()}`, newEvents(1), {
        expectedRevision: 'no_stream',
      });
      expect(await health.isHealthy()).toEqual({
        eventStore: { status: 'up' },
      });
      await app.close();

      await expect(store.headPosition()).rejects.toThrow();
    } finally {
      await double.stop();
    }
  });

  it('reports an unreachable EventStoreDB as down', async () => {
    const double = await EsdbDouble.start();
    const url = double.connectionString;
    await double.stop();
    const app = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot({
          DATABASE_URL: db.url,
          EVENTSTORE_URL: url,
          LOG_LEVEL: 'silent',
        }),
        DatabaseUrlOnly,
        EventStoreModule,
      ],
    }).compile();

    const result = await app.get(EventStoreHealthIndicator).isHealthy();

    expect(result.eventStore.status).toBe('down');
    await app.close();
  });
});
