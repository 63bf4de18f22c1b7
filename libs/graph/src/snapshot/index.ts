export * from './build-snapshot';
export * from './canonical-json';
export * from './normalize-graph-json';
export * from './policy-snapshot';
export * from './snapshot-store';
