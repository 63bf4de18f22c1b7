export * from './audit-event';
export * from './audit.module';
export * from './run-history';
export * from './run-replay';
export * from './tenant-export';
