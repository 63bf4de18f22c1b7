export * from './configure-http-app';
export * from './cursor';
export * from './problem-details';
export * from './problem-details.filter';
