import { DomainError } from '@app/errors';

import { GraphErrorCode, isRetryableCode } from './graph-error-code';
import { sanitizeMessage } from './sanitize-message';

/** Longest message an error keeps; read models store it per failed item. */
export const MAX_ERROR_MESSAGE_LENGTH = 500;

export interface GraphCaptureErrorDetails {
  readonly status?: number;
  /** Graph's `request-id` (response header or `innerError`). */
  readonly graphRequestId?: string;
  /** Graph's own error code, e.g. `TooManyRequests`. */
  readonly graphErrorCode?: string;
}

/**
 * A failed Graph read, classified. The message is sanitised on
 * construction, so it is safe to log and store; `cause` is not and must
 * never be logged or serialised.
 */
export class GraphCaptureError extends DomainError {
  readonly code: GraphErrorCode;
  readonly retryable: boolean;
  readonly status?: number;
  readonly graphRequestId?: string;
  readonly graphErrorCode?: string;

  constructor(
    code: GraphErrorCode,
    message: string,
    details: GraphCaptureErrorDetails = {},
    options?: ErrorOptions,
  ) {
    const safe = sanitizeMessage(
      decorate(message, details),
      MAX_ERROR_MESSAGE_LENGTH,
    );
    super(safe, { ...details, code }, options);
    this.code = code;
    this.retryable = isRetryableCode(code);
    this.status = details.status;
    this.graphRequestId = details.graphRequestId;
    this.graphErrorCode = details.graphErrorCode;
  }
}

// The ids go first so that truncating a long Graph message keeps them.
function decorate(message: string, details: GraphCaptureErrorDetails) {
  const tags = [
    details.status !== undefined ? `status ${details.status}` : undefined,
    details.graphErrorCode ? `code ${details.graphErrorCode}` : undefined,
    details.graphRequestId ? `request-id ${details.graphRequestId}` : undefined,
  ].filter(Boolean);
  return tags.length > 0 ? `[${tags.join(', ')}] ${message}` : message;
}
