import { AppConfig } from '@app/config';
import { DatabaseUrl } from '@app/database';

import { EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';

/**
 * The one place that chooses the adapter: `EVENTSTORE_URL` selects
 * EventStoreDB, otherwise PostgreSQL.
 * @throws Error when `EVENTSTORE_URL` is set: that adapter is not built yet.
 */
export async function createEventStore(
  config: AppConfig,
  databaseUrl: DatabaseUrl,
): Promise<EventStore> {
  if (config.eventStoreUrl) {
    // TODO(6): build the EventStoreDB adapter here once issue 6 lands.
    throw new Error(
      'EVENTSTORE_URL is set, but the EventStoreDB adapter is not available yet (issue 6); unset EVENTSTORE_URL to use the PostgreSQL event store',
    );
  }
  return new PostgresEventStore({
    connectionString: await databaseUrl.resolve(),
    maxEventBytes: config.maxEventBytes,
  });
}
