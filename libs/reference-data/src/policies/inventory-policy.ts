import { PolicyType } from './policy-type';

/** One Intune policy the service has seen in a tenant. */
export interface InventoryPolicy {
  readonly id: string;
  readonly tenantId: string;
  /** The Graph object id. */
  readonly graphId: string;
  readonly policyType: PolicyType;
  readonly odataType: string | null;
  readonly displayName: string;
  readonly lastSeenAt: Date;
  /** Set when the last sync no longer found it in Graph. */
  readonly vanishedAt: Date | null;
}

/** A policy as a Graph listing reports it. */
export interface SeenPolicy {
  readonly graphId: string;
  readonly policyType: PolicyType;
  readonly odataType?: string | null;
  readonly displayName: string;
}

export interface PolicySearch {
  /** Case-insensitive substring of the display name. */
  readonly search?: string;
  readonly type?: PolicyType;
  readonly cursor?: string;
  readonly limit: number;
}
