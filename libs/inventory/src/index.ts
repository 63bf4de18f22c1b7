export * from './inventory-api.module';
export * from './inventory-worker.module';
export * from './jobs/inventory-sync-job';
export * from './jobs/sync-status';
export * from './sync/inventory-sync';
export * from './sync/inventory-sync.module';
export * from './sync/sync-outcome';
