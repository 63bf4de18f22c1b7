export * from './append-observer';
export * from './event-store.port';
export * from './event-store.module';
export * from './event-store.health';
export * from './revision-text';
export * from './postgres/postgres-event-store';
export * from './eventstoredb/eventstoredb-event-store';
export * from './upcasting';
