/**
 * The inventory holds the policy kinds capture supports: one list, kept
 * with the capture strategies.
 */
export { isPolicyType, POLICY_TYPES } from '@app/graph';
export type { PolicyType } from '@app/graph';
