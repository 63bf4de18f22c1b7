export * from './test-database';
export * from './test-redis';
export * from './wait-for';
export * from './test-data-source';
