export * from './configure-http-app';
export * from './problem-details';
export * from './problem-details.filter';
