export * from './capture';
export * from './client';
export * from './errors';
export * from './graph.module';
export * from './snapshot';
