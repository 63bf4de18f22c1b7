export * from './checkpoint-store';
export * from './projection';
export * from './projection-host';
export * from './projection-runner';
export * from './projections.module';
export * from './read-your-writes';
export * from './admin';
