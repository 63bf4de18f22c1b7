export * from './command-rate-limit.module';
export * from './redis-throttler-storage';
export * from './command-throttler.guard';
