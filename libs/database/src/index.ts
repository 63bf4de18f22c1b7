export * from './data-source-options';
export * from './database-url';
export * from './database.module';
export * from './embedded-postgres';
export * from './prepared-statement';
export * from './copy-rows';
export * from './sql-identifier';
