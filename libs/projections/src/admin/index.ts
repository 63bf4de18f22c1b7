export * from './advisory-locks';
export * from './projection-admin.module';
export * from './projection-rebuild';
export * from './projection-rebuilds';
export * from './projection-status';
export * from './projections.health';
export * from './shadow-tables';
