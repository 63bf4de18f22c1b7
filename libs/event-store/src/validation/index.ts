export * from './validate-append';
export * from './validate-read';
