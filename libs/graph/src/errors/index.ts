export * from './classify-network-error';
export * from './classify-response';
export * from './graph-capture-error';
export * from './graph-error-code';
export * from './sanitize-message';
