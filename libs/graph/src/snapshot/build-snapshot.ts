import { canonicalJson, contentHash } from './canonical-json';
import { normalizeGraphJson } from './normalize-graph-json';
import { PolicySnapshot, SnapshotContent } from './policy-snapshot';

export interface SnapshotInput {
  readonly tenantId: string;
  readonly content: SnapshotContent;
  readonly graphRequests: number;
  readonly durationMs: number;
}

/** Normalises captured content and computes its content hash. */
export function buildSnapshot(input: SnapshotInput): PolicySnapshot {
  const content = normalizeGraphJson(input.content) as SnapshotContent;
  return {
    tenantId: input.tenantId,
    policyType: content.policyType,
    graphId: content.graphId,
    content,
    hash: contentHash(content),
    sizeBytes: Buffer.byteLength(canonicalJson(content)),
    graphRequests: input.graphRequests,
    durationMs: input.durationMs,
  };
}
