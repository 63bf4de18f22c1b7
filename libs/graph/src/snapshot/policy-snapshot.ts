import { PolicyType } from '../capture/policy-type';
import { GraphObject } from '../client/graph-tenant-client';

/** A scope tag or assignment filter resolved by id: raw id, plus names. */
export interface ResolvedReference {
  readonly id: string;
  readonly displayName: string | null;
}

/**
 * What a snapshot holds. Raw Graph ids are kept everywhere (e.g.
 * `policy.roleScopeTagIds`); resolved names sit beside them in their own
 * fields, because replacing ids with names makes snapshots drift.
 */
export interface SnapshotContent {
  /** Bumped when the shape changes, so old hashes stay explainable. */
  readonly schemaVersion: 1;
  readonly policyType: PolicyType;
  readonly graphId: string;
  /** The full policy with its sub-collections (settings, values, apps). */
  readonly policy: GraphObject;
  /** With `includeAssignments`, every page, sorted by id. */
  readonly assignments?: GraphObject[];
  /** With `includeScopeTags`: the policy's `roleScopeTagIds`, resolved. */
  readonly scopeTags?: ResolvedReference[];
  /** With `includeFoundations`: full objects the policy refers to. */
  readonly foundations?: {
    readonly scopeTags: GraphObject[];
    readonly assignmentFilters: GraphObject[];
    /** Compliance only: templates its scheduled actions send. */
    readonly notificationTemplates: GraphObject[];
  };
}

/** One captured policy: normalised content, its hash, and what it cost. */
export interface PolicySnapshot {
  readonly tenantId: string;
  readonly policyType: PolicyType;
  readonly graphId: string;
  readonly content: SnapshotContent;
  /** SHA-256 (hex) of the canonical JSON of `content`. */
  readonly hash: string;
  /** Bytes of the canonical JSON. */
  readonly sizeBytes: number;
  /** HTTP requests to Graph, retries included. */
  readonly graphRequests: number;
  readonly durationMs: number;
}
