import { AppConfig } from '@app/config';
import { DatabaseUrl } from '@app/database';

import { AppendObserver } from './append-observer';
import { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';

/**
 * The one place that chooses the adapter: `EVENTSTORE_URL` selects
 * EventStoreDB, otherwise PostgreSQL.
 */
export async function createEventStore(
  config: AppConfig,
  databaseUrl: DatabaseUrl,
  observer?: AppendObserver,
): Promise<EventStore> {
  if (config.eventStoreUrl) {
    return new EventStoreDbEventStore({
      connectionString: config.eventStoreUrl,
      maxEventBytes: config.maxEventBytes,
      observer,
    });
  }
  return new PostgresEventStore({
    connectionString: await databaseUrl.resolve(),
    maxEventBytes: config.maxEventBytes,
    observer,
    poolSize: Number(process.env.EVENT_STORE_POOL_SIZE ?? 10),
  });
}
