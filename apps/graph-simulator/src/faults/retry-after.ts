import { RetryAfterStyle } from '../simulator-options';

/** The `Retry-After` header for a wait, in the configured style. */
export function retryAfterHeader(
  style: RetryAfterStyle,
  waitMs: number,
  now: number,
): Record<string, string> {
  switch (style) {
    case 'none':
      return {};
    case 'date':
      // HTTP dates have whole seconds: round up so the date is not early.
      return {
        'Retry-After': new Date(
          Math.ceil((now + waitMs) / 1000) * 1000,
        ).toUTCString(),
      };
    case 'seconds':
      return {
        'Retry-After': String(Math.max(0.001, Math.ceil(waitMs) / 1000)),
      };
  }
}
