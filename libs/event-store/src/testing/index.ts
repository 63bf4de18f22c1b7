export * from './contract-helpers';
export * from './event-store.contract';
