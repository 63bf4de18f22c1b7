export * from './simulator';
export * from './simulator-options';
export type { RequestLogEntry } from './simulated-tenant';
export type { SeededPolicy, SimulatedPolicyType } from './seed/seeded-policy';
export {
  POLICY_COLLECTIONS,
  SIMULATED_POLICY_TYPES,
} from './seed/seeded-policy';
export { GRAPH_DEFAULT_SCOPE } from './auth/token-endpoint';
