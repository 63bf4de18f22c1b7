export * from './console-assets';
export * from './console-dev-token';
export * from './console.module';
