import { Global, Module } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

import { AppConfig } from '@app/config';
import { DatabaseUrl } from '@app/database';

import { APPEND_OBSERVER } from './append-observer';
import { createEventStore } from './create-event-store';
import { EventStoreHealthIndicator } from './event-store.health';
import { EventStore } from './event-store.port';

/**
 * Provides {@link EventStore} everywhere (the adapter is chosen in
 * `createEventStore`) and a readiness indicator for it. Needs
 * `AppConfigModule` and `DatabaseModule`; the adapter closes its
 * connections and subscriptions when the module is destroyed.
 */
@Global()
@Module({
  providers: [
    {
      provide: EventStore,
      inject: [
        AppConfig,
        DatabaseUrl,
        { token: APPEND_OBSERVER, optional: true },
      ],
      useFactory: createEventStore,
    },
    HealthIndicatorService,
    EventStoreHealthIndicator,
  ],
  exports: [EventStore, EventStoreHealthIndicator],
})
export class EventStoreModule {}
