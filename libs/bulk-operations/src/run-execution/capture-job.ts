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
}

/** Bull job ids are `<runId>:<policyId>`: one live job per item. */
export function captureJobId(runId: string, policyId: string): string {
  return `${runId}:${policyId}`;
}
