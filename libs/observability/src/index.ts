export * from './health.controller';
export * from './health.module';
export * from './logging.module';
export * from './redis.health';
export * from './readiness-indicator';
