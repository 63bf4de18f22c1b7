export * from './esdb-double';
export * from './in-memory-log';
