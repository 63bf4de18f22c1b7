/**
 * Stable codes for every way a Graph read can fail. They end up in
 * `PolicyCaptureFailed` events and run read models, so never rename one.
 */
export const GRAPH_ERROR_CODES = [
  'not_found',
  'forbidden',
  'throttled',
  'transient',
  'invalid_response',
  'unsupported_type',
] as const;

export type GraphErrorCode = (typeof GRAPH_ERROR_CODES)[number];

/** Codes worth another attempt later (a new job run, not an inner retry). */
export function isRetryableCode(code: GraphErrorCode): boolean {
  return code === 'throttled' || code === 'transient';
}
