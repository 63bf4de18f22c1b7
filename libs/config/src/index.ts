export * from './app-config';
export * from './app-config.module';
export * from './configuration-error';
export * from './load-or-exit';
