import type { PolicyType } from '@app/graph';

/** A Bull capture job: one item of one run. */
export interface CaptureJob {
  readonly runId: string;
  readonly tenantId: string;
  readonly policyId: string;
  readonly streamName: string;
  /** The run's correlation id, carried to logs and Graph calls. */
  readonly correlationId: string;
  /** The id of the event that caused the job (the request). */
  readonly causationId: string;
  /**
   * The Graph object, looked up in the inventory when the job was
   * scheduled (inventory rows never change type or Graph id). Absent when
   * the inventory did not have it; the worker then looks it up again.
   */
  readonly policy?: CapturedObject;
}

export interface CapturedObject {
  readonly policyType: PolicyType;
  readonly graphId: string;
}

/** Bull job ids are `<runId>:<policyId>`: one live job per item. */
export function captureJobId(runId: string, policyId: string): string {
  return `${runId}:${policyId}`;
}
