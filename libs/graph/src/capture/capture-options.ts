/** What to capture beside the policy itself. */
export interface CaptureOptions {
  /** The policy's assignments, every page. */
  readonly includeAssignments?: boolean;
  /** The policy's `roleScopeTagIds` resolved to names beside the ids. */
  readonly includeScopeTags?: boolean;
  /** Full scope tags and assignment filters the policy refers to. */
  readonly includeFoundations?: boolean;
}

/** Which policy to capture. */
export interface PolicyRef {
  /** A stable policy type name, see `POLICY_TYPES`. */
  readonly policyType: string;
  /** The policy's id in Graph. */
  readonly graphId: string;
}
